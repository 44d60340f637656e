// Narrow types for the parts of ltijs 5.9.9 we use. @types/ltijs is stuck at 4.x and wrong in places
// (shared/reference/ltijs-and-moodle.md §1.4), so we declare only what this folder calls.
declare module 'ltijs' {
  import type { Express, Request, Response, NextFunction } from 'express';

  export interface LtijsPlatform {
    platformUrl(): Promise<string>;
    platformClientId(): Promise<string>;
    platformKid(): Promise<string>;
    platformName(): Promise<string>;
    platformActive(): Promise<boolean>;
    platformAuthConfig(): Promise<{ method: 'RSA_KEY' | 'JWK_KEY' | 'JWK_SET'; key: unknown }>;
    platformPrivateKey(): Promise<string | false>;
    platformAuthenticationEndpoint(): Promise<string>;
    platformAccessTokenEndpoint(): Promise<string>;
    platformAuthorizationServer(): Promise<string | undefined>;
  }

  export type LtijsHandler = (req: Request, res: Response, next: NextFunction) => unknown;

  export interface LtijsProvider {
    app: Express;
    Database: unknown;
    setup(
      encryptionKey: string,
      database: { plugin: unknown },
      options: Record<string, unknown>,
    ): LtijsProvider;
    deploy(options: { serverless: boolean; silent: boolean }): Promise<true>;
    close(options?: { silent: boolean }): Promise<true>;
    onConnect(cb: (token: unknown, req: Request, res: Response, next: NextFunction) => unknown): true;
    onDeepLinking(cb: (token: unknown, req: Request, res: Response, next: NextFunction) => unknown): true;
    onInvalidToken(cb: LtijsHandler): true;
    onSessionTimeout(cb: LtijsHandler): true;
    onUnregisteredPlatform(cb: LtijsHandler): true;
    onInactivePlatform(cb: LtijsHandler): true;
    whitelist(...routes: Array<string | RegExp | { route: string | RegExp; method: string }>): true;
    redirect(
      res: Response,
      path: string,
      options?: { newResource?: boolean; query?: Record<string, string> },
    ): Promise<void>;
    getPlatform(url: string, clientId?: string): Promise<LtijsPlatform | false>;
    DeepLinking: {
      createDeepLinkingMessage(
        idtoken: unknown,
        contentItems: object[],
        options?: { message?: string },
      ): Promise<string>;
    };
  }

  export const Provider: LtijsProvider;
}

declare module 'ltijs/dist/Utils/Auth' {
  import type { LtijsPlatform } from 'ltijs';

  export interface ValidationParameters {
    iss?: string;
    maxAge?: number | false;
    alg?: string;
  }

  export type GetPlatform = (
    iss: string,
    clientId: string,
    encryptionKey: string,
    database: unknown,
  ) => Promise<LtijsPlatform | false>;

  const Auth: {
    validateToken(
      token: string,
      devMode: boolean,
      validationParameters: ValidationParameters,
      getPlatform: GetPlatform,
      encryptionKey: string,
      database: unknown,
    ): Promise<Record<string, unknown>>;
    validateMaxAge(token: Record<string, unknown>, maxAge: number | false | undefined): Promise<true>;
    validateNonce(token: Record<string, unknown>, database: unknown): Promise<true>;
    claimValidation(token: Record<string, unknown>): Promise<void>;
  };
  export = Auth;
}
