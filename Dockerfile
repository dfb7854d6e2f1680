# One image for every Baton service; SERVICE picks which one runs (embedded runs them all).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx tsc -p tsconfig.build.json && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production SERVICE=embedded BATON_PORT=3000
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json /app/tsconfig.base.json ./
COPY --from=build /app/scripts/register-dist.js ./scripts/register-dist.js
USER node
EXPOSE 3000
CMD ["sh", "-c", "exec node -r ./scripts/register-dist.js dist/services/${SERVICE}/src/main.js"]
