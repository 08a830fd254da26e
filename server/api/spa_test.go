package api_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/andybalholm/brotli"
)

func gz(t *testing.T, s string) []byte {
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	w.Write([]byte(s))
	w.Close()
	return b.Bytes()
}

func br(s string) []byte {
	var b bytes.Buffer
	w := brotli.NewWriterLevel(&b, brotli.BestCompression)
	w.Write([]byte(s))
	w.Close()
	return b.Bytes()
}

// Precompressed copies are sent by Accept-Encoding (q-values honoured),
// with Vary, the original type, and the long cache for hashed assets.
func TestFrontendPrecompressed(t *testing.T) {
	js := strings.Repeat("console.log('文化卫士');", 50)
	html := "<!doctype html><title>app</title>" + strings.Repeat("<p>x</p>", 80)
	dist := fstest.MapFS{
		"index.html":              {Data: []byte(html)},
		"index.html.br":           {Data: br(html)},
		"index.html.gz":           {Data: gz(t, html)},
		"assets/app-abc123.js":    {Data: []byte(js)},
		"assets/app-abc123.js.br": {Data: br(js)},
		"assets/app-abc123.js.gz": {Data: gz(t, js)},
		"assets/only-plain.css":   {Data: []byte("body{}")},
	}
	e := newEnv(t, options{frontend: dist})
	get := func(path, accept string) (string, string, []byte, map[string][]string) {
		req := httptest.NewRequest("GET", path, nil)
		if accept != "" {
			req.Header.Set("Accept-Encoding", accept)
		}
		resp, err := e.app.Test(req, 5000)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
		return resp.Header.Get("Content-Encoding"), resp.Header.Get("Content-Type"), body, resp.Header
	}
	decode := func(enc string, body []byte) string {
		var r io.Reader = bytes.NewReader(body)
		switch enc {
		case "br":
			r = brotli.NewReader(r)
		case "gzip":
			zr, err := gzip.NewReader(r)
			if err != nil {
				t.Fatal(err)
			}
			r = zr
		}
		out, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	cases := []struct{ accept, want string }{
		{"", ""},
		{"identity", ""},
		{"gzip, deflate", "gzip"},
		{"gzip, deflate, br, zstd", "br"},
		{"br;q=0, gzip", "gzip"},
		{"br;q=0, gzip;q=0", ""},
		{"BR", "br"},
		{"*", "br"},
		{"*;q=0", ""},
		{"gzip;q=0, *", "br"},
		{"br;q=0.5", "br"},
		{"deflate", ""},
	}
	for _, c := range cases {
		for _, p := range []struct{ path, plain, ctype string }{
			{"/assets/app-abc123.js", js, "javascript"},
			{"/training/schedule", html, "text/html"},
			{"/", html, "text/html"},
		} {
			enc, ct, body, h := get(p.path, c.accept)
			if enc != c.want {
				t.Fatalf("%s with %q: encoding %q, want %q", p.path, c.accept, enc, c.want)
			}
			if !strings.Contains(ct, p.ctype) || !strings.Contains(strings.Join(h["Vary"], ","), "Accept-Encoding") {
				t.Fatalf("%s with %q: type %q vary %v", p.path, c.accept, ct, h["Vary"])
			}
			if got := decode(enc, body); got != p.plain {
				t.Fatalf("%s with %q: body differs", p.path, c.accept)
			}
			if enc != "" && len(body) >= len(p.plain) {
				t.Fatalf("%s: the %s copy is not smaller", p.path, enc)
			}
			cache := strings.Join(h["Cache-Control"], ",")
			if strings.HasPrefix(p.path, "/assets/") != strings.Contains(cache, "immutable") {
				t.Fatalf("%s: cache %q", p.path, cache)
			}
		}
	}
	// Without a copy, the file itself.
	if enc, ct, body, _ := get("/assets/only-plain.css", "br, gzip"); enc != "" || string(body) != "body{}" || !strings.Contains(ct, "css") {
		t.Fatalf("plain file: %q %q %q", enc, ct, body)
	}
}
