package api

import (
	"html"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/courses"
	"github.com/weishi-dev/weishi/server/fault"
)

// verifyTexts are the public verification page's words in one language.
type verifyTexts struct {
	lang, title, valid, missing, name, class, date, issuer, note string
}

var verifyZH = verifyTexts{lang: "zh-CN", title: "结业证书验证", valid: "证书有效", missing: "未找到此编号的证书，请核对证书上的验证码。",
	name: "姓名", class: "培训班", date: "结业日期", issuer: "市文化市场行政执法局", note: "本页仅显示核验所需的信息。"}
var verifyEN = verifyTexts{lang: "en", title: "Certificate check", valid: "Valid certificate", missing: "No certificate has this code; check the code printed on the certificate.",
	name: "Name", class: "Class", date: "Date of completion", issuer: "City Cultural Market Enforcement Bureau", note: "This page shows only what a check needs."}

// certDate writes a YYYY-MM-DD date as 2026年12月1日 or 1 December 2026.
func certDate(zh bool, ymd string) string {
	d, err := time.Parse(courses.DateLayout, ymd)
	if err != nil {
		return ymd
	}
	if zh {
		return d.Format("2006") + "年" + strconv.Itoa(int(d.Month())) + "月" + strconv.Itoa(d.Day()) + "日"
	}
	return d.Format("2 January 2006")
}

// verifyPage is the public certificate verification page: styled, in the
// language the browser asks for (Accept-Language), name, class and date only.
func (s *server) verifyPage(c *fiber.Ctx) error {
	zh := wantsChinese(c.Get(fiber.HeaderAcceptLanguage))
	tx := verifyEN
	if zh {
		tx = verifyZH
	}
	v, err := s.Courses.Verify(c.UserContext(), c.Params("code"))
	var body string
	if fault.Is(err, fault.NotFound) {
		c.Status(fiber.StatusNotFound)
		body = `<p class="bad" data-test="verify-missing">` + tx.missing + `</p>`
	} else if err != nil {
		return err
	} else {
		body = `<p class="ok" data-test="verify-ok"><span class="tick">✓</span>` + tx.valid + `</p><dl>` +
			`<dt>` + tx.name + `</dt><dd data-test="verify-name">` + html.EscapeString(v.Name) + `</dd>` +
			`<dt>` + tx.class + `</dt><dd data-test="verify-class">` + html.EscapeString(v.ClassTitle) + `</dd>` +
			`<dt>` + tx.date + `</dt><dd data-test="verify-date">` + html.EscapeString(certDate(zh, v.Date)) + `</dd></dl>`
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Vary(fiber.HeaderAcceptLanguage)
	var b strings.Builder
	b.WriteString(`<!doctype html><html lang="` + tx.lang + `"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`)
	b.WriteString(`<link rel="icon" type="image/svg+xml" href="/favicon.svg"><title>` + tx.title + `</title><style>`)
	b.WriteString(`body{margin:0;background:#f3f5f8;color:#1f2933;font-family:-apple-system,BlinkMacSystemFont,"Segoe UI","PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif}`)
	b.WriteString(`header{background:#123a66;color:#fff;padding:18px 20px;display:flex;align-items:center;gap:12px;border-bottom:3px solid #b3261e}`)
	b.WriteString(`header img{width:36px;height:36px}header h1{font-size:18px;margin:0;font-weight:600;letter-spacing:1px}`)
	b.WriteString(`main{max-width:32rem;margin:24px auto;padding:0 16px}.card{background:#fff;border:1px solid #e4e7ed;border-radius:6px;padding:24px}`)
	b.WriteString(`.ok{color:#1a7f37;font-weight:600;font-size:18px;margin:0 0 8px;display:flex;align-items:center;gap:8px}`)
	b.WriteString(`.tick{display:inline-flex;width:26px;height:26px;border-radius:50%;background:#1a7f37;color:#fff;align-items:center;justify-content:center;font-size:15px}`)
	b.WriteString(`.bad{color:#c62828;margin:0}dt{color:#5f6b7a;font-size:13px;margin-top:16px}dd{margin:4px 0 0;font-size:18px;font-weight:600}`)
	b.WriteString(`footer{color:#8a94a3;font-size:12px;text-align:center;margin-top:16px}</style></head><body>`)
	b.WriteString(`<header><img src="/favicon.svg" alt=""><h1>` + tx.issuer + ` · ` + tx.title + `</h1></header>`)
	b.WriteString(`<main><div class="card">` + body + `</div><footer>` + tx.note + `</footer></main></body></html>`)
	return c.SendString(b.String())
}
