import { runPlatformCli } from './platform-cli';

const io = {
  out: (s: string) => process.stdout.write(`${s}\n`),
  err: (s: string) => process.stderr.write(`${s}\n`),
};
void runPlatformCli(process.argv.slice(2), io, process.env).then((code) => (process.exitCode = code));
