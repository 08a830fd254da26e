package api

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/server/fault"
)

func docxOf(t *testing.T, extra func(w *zip.Writer)) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, n := range []string{"[Content_Types].xml", "word/document.xml"} {
		f, _ := w.Create(n)
		f.Write([]byte("<x/>"))
	}
	if extra != nil {
		extra(w)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestCheckDocument(t *testing.T) {
	bomb := docxOf(t, func(w *zip.Writer) {
		f, _ := w.Create("word/media/zeros.bin")
		f.Write(make([]byte, 8<<20)) // 8 MiB of zeros compress about 1000 to 1
	})
	liar := docxOf(t, func(w *zip.Writer) {
		f, _ := w.CreateRaw(&zip.FileHeader{Name: "word/huge.xml", Method: zip.Store, CompressedSize64: 4, UncompressedSize64: 1 << 40})
		f.Write([]byte("abcd"))
	})
	parts := docxOf(t, func(w *zip.Writer) {
		for i := 0; i < 600; i++ {
			w.Create("word/p" + strconv.Itoa(i) + ".xml")
		}
	})
	big := append([]byte("%PDF-1.7\n"), make([]byte, documentUploads.maxBytes)...)
	cases := []struct {
		name, file string
		data       []byte
		kind       string
		code       string
		msg        string
	}{
		{"pdf", "决定书.pdf", []byte("%PDF-1.4\n"), "pdf", "", ""},
		{"docx", "writ.docx", docxOf(t, nil), "docx", "", ""},
		{"too large", "big.pdf", big, "", fault.TooLarge, "larger than"},
		{"zip bomb", "bomb.docx", bomb, "", fault.Invalid, "compressed more than"},
		{"declared size bomb", "liar.docx", liar, "", fault.Invalid, "unpacks to more than"},
		{"too many parts", "parts.docx", parts, "", fault.Invalid, "parts"},
		{"docx named pdf", "writ.pdf", docxOf(t, nil), "", fault.Invalid, "does not match"},
		{"html named pdf", "x.pdf", []byte("<html>"), "", fault.Invalid, "not a PDF"},
		{"exe", "x.exe", []byte("MZ"), "", fault.Invalid, "only .pdf"},
	}
	for _, tc := range cases {
		kind, err := checkDocument(tc.file, tc.data, documentUploads)
		var fe *fault.Error
		switch {
		case tc.code == "" && (err != nil || kind != tc.kind):
			t.Errorf("%s: %q %v", tc.name, kind, err)
		case tc.code != "" && (!errors.As(err, &fe) || fe.Code != tc.code || !strings.Contains(fe.Fields["file"], tc.msg)):
			t.Errorf("%s: %v, want %s on file with %q", tc.name, err, tc.code, tc.msg)
		}
	}
}

// closeCounter is a stored file that counts how often it was closed.
type closeCounter struct {
	*bytes.Reader
	closed *atomic.Int32
}

func (c closeCounter) Close() error { c.closed.Add(1); return nil }

func TestSendDocumentHeaders(t *testing.T) {
	app := fiber.New()
	var closed atomic.Int32
	app.Get("/:kind", func(c *fiber.Ctx) error {
		return sendDocument(c, c.Params("kind"), "文书-07-1."+c.Params("kind"), closeCounter{bytes.NewReader([]byte("<script>alert(1)</script>")), &closed})
	})
	for _, tc := range []struct{ kind, typ, disp string }{
		{"pdf", "application/pdf", "inline"},
		{"png", "image/png", "inline"},
		{"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "attachment"},
	} {
		resp, err := app.Test(httptest.NewRequest("GET", "/"+tc.kind, nil))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		h := resp.Header
		if h.Get("Content-Type") != tc.typ || h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: type %q nosniff %q", tc.kind, h.Get("Content-Type"), h.Get("X-Content-Type-Options"))
		}
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "sandbox") {
			t.Errorf("%s: CSP %q", tc.kind, csp)
		}
		d := h.Get("Content-Disposition")
		if !strings.HasPrefix(d, tc.disp+";") || !strings.Contains(d, "filename*=UTF-8''%E6%96%87%E4%B9%A6-07-1."+tc.kind) {
			t.Errorf("%s: disposition %q", tc.kind, d)
		}
		if string(body) != "<script>alert(1)</script>" {
			t.Errorf("%s: body changed", tc.kind)
		}
	}
	if closed.Load() != 3 {
		t.Errorf("files closed %d times for 3 responses", closed.Load())
	}
}

// A file is streamed a range at a time: the bytes asked for, the range
// named, the file closed; a range it cannot serve sends the whole file.
func TestSendDocumentRanges(t *testing.T) {
	data := []byte("%PDF-1.7 0123456789abcdefghij")
	var closed atomic.Int32
	app := fiber.New()
	app.Get("/", func(c *fiber.Ctx) error {
		return sendDocument(c, "pdf", "a.pdf", closeCounter{bytes.NewReader(data), &closed})
	})
	for _, tc := range []struct {
		rng, body, contentRange string
		status                  int
	}{
		{"", string(data), "", 200},
		{"bytes=0-4", "%PDF-", "bytes 0-4/29", 206},
		{"bytes=9-", "0123456789abcdefghij", "bytes 9-28/29", 206},
		{"bytes=-5", "fghij", "bytes 24-28/29", 206},
		{"bytes=20-999", "bcdefghij", "bytes 20-28/29", 206},
		{"bytes=29-", string(data), "", 200},
		{"bytes=0-1,4-5", string(data), "", 200},
		{"bytes=x-y", string(data), "", 200},
	} {
		req := httptest.NewRequest("GET", "/", nil)
		if tc.rng != "" {
			req.Header.Set("Range", tc.rng)
		}
		resp, err := app.Test(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != tc.status || string(body) != tc.body || resp.Header.Get("Content-Range") != tc.contentRange ||
			resp.ContentLength != int64(len(tc.body)) {
			t.Errorf("%q: %d %q %q length %d", tc.rng, resp.StatusCode, body, resp.Header.Get("Content-Range"), resp.ContentLength)
		}
	}
	// a HEAD sends no body and still closes the file
	resp, err := app.Test(httptest.NewRequest("HEAD", "/", nil))
	if err != nil || resp.StatusCode != 200 || resp.Header.Get("Content-Length") != "29" {
		t.Fatalf("HEAD: %v %+v", err, resp)
	}
	if closed.Load() != 9 {
		t.Errorf("files closed %d times for 9 responses", closed.Load())
	}
}
