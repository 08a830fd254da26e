# Weishi: one static binary with the front end embedded.
# Build: docker build -t weishi .   Run: see docker-compose.yml.

# 1. Front end
FROM node:22-bookworm-slim AS web
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

# 2. Server
FROM golang:1.26-bookworm AS server
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=web /src/frontend/dist ./frontend/dist
ARG VERSION=docker
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/weishi ./server \
 && mkdir -p /out/data

# 3. Runtime: no shell, no package manager, runs as an unprivileged user.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=server /out/weishi /usr/local/bin/weishi
COPY --from=server --chown=65532:65532 /out/data /data
ENV WEISHI_ADDR=:8080 \
    WEISHI_DATA_DIR=/data \
    WEISHI_LOG_FORMAT=json
USER 65532:65532
EXPOSE 8080
VOLUME ["/data"]
ENTRYPOINT ["/usr/local/bin/weishi"]
CMD ["serve"]
