# syntax=docker/dockerfile:1
# One image for every role: ROLE=api|worker|all picks what the process runs.

FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY .swcrc tsconfig.json nest-cli.json ./
COPY algorithms ./algorithms
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-slim
# HOST=0.0.0.0 makes the API reachable from outside the container, so the API
# roles (api, all) start only with KUBETUNE_ADMIN_TOKEN set; workers need none.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    ROLE=all
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The examples ship in the image so that the local executor (which runs trials
# from this directory) can run the quickstart, and so that the image can serve
# as the trial image for the example experiments on a cluster.
COPY examples ./examples
# The Python client, so that trials run here can `report_metrics` (PYTHONPATH=/app/clients/python).
COPY clients ./clients
# The local executor keeps each trial's working files under .kubetune/.
RUN mkdir .kubetune && chown node:node .kubetune
# The image's own unprivileged `node` user, by number so that Kubernetes'
# runAsNonRoot can verify it without a pod-level runAsUser.
USER 1000:1000
EXPOSE 8080
CMD ["node", "dist/src/main.js"]
