# One image for every Baton service; SERVICE picks which one runs (embedded runs them all, and serves the
# rep console at /). `--target console` builds the console alone, as static files for the distributed mode.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx tsc -p tsconfig.build.json && npx tsc -p apps/console/tsconfig.json && npx vite build -c apps/console/vite.config.mts && npm prune --omit=dev

# The rep console as static files (apps/console/dist), served by an unprivileged nginx; config.json (how to sign in)
# is mounted beside index.html (deploy/kubernetes/console.yaml).
FROM nginxinc/nginx-unprivileged:1.27-alpine AS console
COPY --from=build /app/apps/console/dist /usr/share/nginx/html

FROM node:20-bookworm-slim
ENV NODE_ENV=production SERVICE=embedded BATON_PORT=3000
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# What the services read at run time beside their compiled code (services/embedded/test/image-layout.int.spec.ts
# starts the embedded mode from exactly these lines): the signal detector's learned model and word vectors.
COPY --from=build /app/services/signal-detector/model ./dist/services/signal-detector/model
COPY --from=build /app/apps/console/dist ./apps/console/dist
COPY --from=build /app/package.json /app/tsconfig.base.json ./
COPY --from=build /app/scripts/register-dist.js ./scripts/register-dist.js
USER node
EXPOSE 3000
CMD ["sh", "-c", "exec node -r ./scripts/register-dist.js dist/services/${SERVICE}/src/main.js"]
