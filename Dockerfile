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

# 3a. Minimal runtime (docker build --target static): no shell, no package
# manager, runs as an unprivileged user. It has no document converter, so
# an appraisal's DOCX files are offered to judges as downloads.
FROM gcr.io/distroless/static-debian12:nonroot AS static
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

# 3b. Runtime (the default target): the same binary and user, with
# LibreOffice Writer (headless, no GUI) so uploaded DOCX files are converted
# to PDF for judges (server/docconv; WEISHI_DOC_CONVERTER=off turns it off)
# and CJK fonts so Chinese documents render. The package manager's lists
# are removed; the image has Debian's shell, which the conversion never
# uses (soffice is started directly, not through a shell).
FROM debian:bookworm-slim AS runtime
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libreoffice-writer-nogui fonts-noto-cjk fonts-crosextra-carlito fonts-crosextra-caladea ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 65532 nonroot && useradd --uid 65532 --gid 65532 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin nonroot
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
