# syntax=docker/dockerfile:1
# DigiSkill LTI, production image.
#   docker build -t digiskill-lti .
#   docker run --env-file .env -p 3000:3000 digiskill-lti
# Needs DATABASE_URL, BASE_URL and LTI_ENCRYPTION_KEY (see README, "Configuration"). Migrations run at start; to
# run them as a one-shot step instead:  docker run --rm --env-file .env digiskill-lti node dist/src/cli/migrate.js
# Register an LMS:  docker run --rm --env-file .env digiskill-lti node dist/src/cli/platform.js add ...

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
# The build script compiles to dist/src and copies the SQL migrations next to dist/src/db/migrate.js.
# config/ (framework data) may not exist in every checkout: create it so the runtime stage can copy it.
RUN npm run build && mkdir -p config && test -f dist/src/main.js && ls dist/src/db/migrations/*.sql >/dev/null

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production PORT=3000 NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/config ./config
COPY views ./views
COPY static ./static
# Everything above belongs to root: the app can read its code but not change it.
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# V8 flags as in `npm run start:prod` (see PRODUCTION_NODE_FLAGS in bench/launch.bench.ts).
CMD ["node", "--max-semi-space-size=32", "--max-old-space-size=1536", "dist/src/main.js"]
