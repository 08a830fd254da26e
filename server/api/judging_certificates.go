package api

import (
	"context"
	"html"

	"github.com/gofiber/fiber/v2"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
)

type certificateList struct {
	Items []judging.Certificate `json:"items"`
}

func (s *server) issueJudgingCertificates(c *fiber.Ctx) error {
	return withActorID(c, func(ctx context.Context, u account.User, id int64) (certificateList, error) {
		list, err := s.Judging.IssueCertificates(ctx, judgeActor(u), id)
		return certificateList{Items: list}, err
	})
}

func (s *server) judgingCertificates(c *fiber.Ctx) error {
	return withActorID(c, func(ctx context.Context, u account.User, id int64) (certificateList, error) {
		list, err := s.Judging.Certificates(ctx, judgeActor(u), id)
		return certificateList{Items: list}, err
	})
}

func (s *server) checkAward(c *fiber.Ctx) error {
	v, err := s.Judging.CheckCertificate(c.UserContext(), c.Params("code"))
	return reply(c, fiber.StatusOK, v, err)
}

// awardQR is a QR code of an award certificate's verification page.
func (s *server) awardQR(c *fiber.Ctx) error {
	code := judging.NormalizeCode(c.Params("code"))
	if _, err := s.Judging.CheckCertificate(c.UserContext(), code); err != nil {
		return err
	}
	png, err := qrcode.Encode(c.BaseURL()+"/verify/award/"+code, qrcode.Medium, 256)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "image/png")
	return c.Send(png)
}

// awardPage is the public verification page of an award certificate,
// server-rendered like the training one so it opens without the app.
func (s *server) awardPage(c *fiber.Ctx) error {
	v, err := s.Judging.CheckCertificate(c.UserContext(), c.Params("code"))
	title, body := "获奖证书验证 Award certificate check", ""
	if fault.Is(err, fault.NotFound) {
		c.Status(fiber.StatusNotFound)
		body = `<p class="bad" data-test="verify-missing">未找到此编号的证书。<br>No certificate has this code.</p>`
	} else if err != nil {
		return err
	} else {
		body = `<p class="ok" data-test="verify-ok">证书有效 · Valid certificate</p><dl>` +
			`<dt>姓名 Name</dt><dd data-test="verify-name">` + html.EscapeString(v.Name) + `</dd>` +
			`<dt>单位 Unit</dt><dd data-test="verify-unit">` + html.EscapeString(v.Unit) + `</dd>` +
			`<dt>比赛 Contest</dt><dd data-test="verify-contest">` + html.EscapeString(v.ContestTitle) + `</dd>` +
			`<dt>奖项 Award</dt><dd data-test="verify-tier">` + html.EscapeString(v.Tier) + `</dd>` +
			`<dt>日期 Date</dt><dd data-test="verify-date">` + html.EscapeString(v.Date) + `</dd></dl>`
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.SendString(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
		`<title>` + title + `</title><style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:30rem;margin:3rem auto;padding:0 1rem;color:#1f2d3d}` +
		`h1{font-size:1.3rem}.ok{color:#1a7f37;font-weight:600}.bad{color:#c62828}dt{color:#666;margin-top:.8rem}dd{margin:0;font-size:1.2rem}</style></head>` +
		`<body><h1>文化卫士 · ` + title + `</h1>` + body + `</body></html>`)
}
