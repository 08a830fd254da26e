package api

import (
	"io/fs"
	"mime"
	"path"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
)

const notBuiltPage = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Weishi 文化卫士</title></head>
<body style="font-family:sans-serif;max-width:40em;margin:4em auto;line-height:1.6">
<h1>文化卫士 Weishi</h1>
<p>前端尚未构建。请在源码目录运行 <code>make build</code>（或 <code>cd frontend &amp;&amp; npm ci &amp;&amp; npm run build</code>），然后重新编译并启动服务。</p>
<p>The front end was not built into this binary. Run <code>make build</code> (or <code>cd frontend &amp;&amp; npm ci &amp;&amp; npm run build</code>) in the source tree, then rebuild and restart the server. The API is available under <code>/api/v1</code>.</p>
</body></html>`

// serveFrontend serves the built app: files as they are (hashed assets
// cached for a year), and index.html for every other path so that client
// routes work on reload. When the build left a precompressed copy beside a
// file (name.br, name.gz) and the browser accepts it, the copy is sent.
func (s *server) serveFrontend(app *fiber.App) {
	app.Get("/*", func(c *fiber.Ctx) error {
		if s.Frontend == nil {
			c.Set(fiber.HeaderCacheControl, "no-store")
			c.Type("html", "utf-8")
			return c.SendString(notBuiltPage)
		}
		p := strings.TrimPrefix(path.Clean("/"+c.Params("*")), "/")
		if strings.HasPrefix(p, "ws/") {
			return fiber.ErrNotFound
		}
		if p != "" && p != "index.html" {
			if _, err := fs.Stat(s.Frontend, p); err == nil {
				if strings.HasPrefix(p, "assets/") {
					c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
				} else {
					c.Set(fiber.HeaderCacheControl, "no-cache")
				}
				ct := mime.TypeByExtension(path.Ext(p))
				if ct == "" {
					ct = fiber.MIMEOctetStream
				}
				return s.sendStatic(c, p, ct)
			}
			if path.Ext(p) != "" {
				return fiber.ErrNotFound
			}
		}
		c.Set(fiber.HeaderCacheControl, "no-cache")
		return s.sendStatic(c, "index.html", fiber.MIMETextHTMLCharsetUTF8)
	})
}

// precompressed are the encodings the build writes beside a file, best first.
var precompressed = []struct{ encoding, suffix string }{{"br", ".br"}, {"gzip", ".gz"}}

// sendStatic sends the file p of the front end, or its precompressed copy
// in the best encoding the request accepts.
func (s *server) sendStatic(c *fiber.Ctx, p, contentType string) error {
	c.Set(fiber.HeaderContentType, contentType)
	c.Vary(fiber.HeaderAcceptEncoding)
	accept := c.Get(fiber.HeaderAcceptEncoding)
	for _, enc := range precompressed {
		if !accepts(accept, enc.encoding) {
			continue
		}
		if data, err := fs.ReadFile(s.Frontend, p+enc.suffix); err == nil {
			c.Set(fiber.HeaderContentEncoding, enc.encoding)
			return c.Send(data)
		}
	}
	data, err := fs.ReadFile(s.Frontend, p)
	if err != nil {
		return fiber.ErrNotFound
	}
	return c.Send(data)
}

// accepts reports whether an Accept-Encoding header allows enc: named (or
// "*") with a q-value above zero.
func accepts(header, enc string) bool {
	star := false
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		ok := true
		for _, prm := range strings.Split(params, ";") {
			k, v, found := strings.Cut(strings.TrimSpace(prm), "=")
			if found && strings.EqualFold(strings.TrimSpace(k), "q") {
				if q, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err != nil || q <= 0 {
					ok = false
				}
			}
		}
		switch name {
		case enc:
			return ok
		case "*":
			star = ok
		}
	}
	return star
}
