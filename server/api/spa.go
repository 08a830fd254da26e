package api

import (
	"io/fs"
	"mime"
	"path"
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
// routes work on reload.
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
			if data, err := fs.ReadFile(s.Frontend, p); err == nil {
				if strings.HasPrefix(p, "assets/") {
					c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
				} else {
					c.Set(fiber.HeaderCacheControl, "no-cache")
				}
				if ct := mime.TypeByExtension(path.Ext(p)); ct != "" {
					c.Set(fiber.HeaderContentType, ct)
				}
				return c.Send(data)
			}
			if path.Ext(p) != "" {
				return fiber.ErrNotFound
			}
		}
		index, err := fs.ReadFile(s.Frontend, "index.html")
		if err != nil {
			return fiber.ErrNotFound
		}
		c.Set(fiber.HeaderCacheControl, "no-cache")
		c.Type("html", "utf-8")
		return c.Send(index)
	})
}
