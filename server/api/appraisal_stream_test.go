package api_test

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/quiz/appraisal"
	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/account"
)

// wordDoc is a small DOCX (the parts docfile checks for).
func wordDoc(t *testing.T, text string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for n, body := range map[string]string{"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document>" + text + "</w:document>"} {
		f, _ := w.Create(n)
		f.Write([]byte(body))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// fakeConverter stands in for LibreOffice: it returns a PDF, or fails.
type fakeConverter struct {
	mu   sync.Mutex
	got  [][]byte
	fail bool
}

func (f *fakeConverter) ToPDF(_ context.Context, docx []byte) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.got = append(f.got, docx)
	if f.fail {
		return nil, errors.New("soffice crashed")
	}
	return []byte("%PDF-1.7\nconverted\n%%EOF\n"), nil
}

// docxAppraisal sets up an open appraisal with one document of unit B
// (case type 网吧) assigned to two judges of unit A, and uploads a DOCX to
// it; it returns the upload's file, the judge who was assigned, and one who
// was not.
func docxAppraisal(t *testing.T, je *judgingEnv) (appraisal.StoredFile, *client, *client, string) {
	t.Helper()
	var panel []judging.Judge
	for _, u := range je.judgeUsers {
		panel = append(panel, judging.Judge{UserID: u.ID, Name: u.Name, UnitID: u.UnitID})
	}
	r := je.org.call("POST", "/api/v1/appraisal/contests", map[string]any{"title": "文书评选", "panel": panel})
	wantStatus(t, r, 201)
	var c judging.Contest
	r.json(t, &c)
	abase := fmt.Sprintf("/api/v1/appraisal/contests/%d", c.ID)
	r = je.org.call("PUT", fmt.Sprintf("/api/v1/judging/contests/%d/entries", c.ID), map[string]any{"entries": []judging.Entry{
		{Name: "赵承办、钱承办", Title: "京文执罚〔2026〕777号", UnitID: je.unitB.ID, Unit: je.unitB.Name, Category: "网吧"},
	}})
	wantStatus(t, r, 200)
	var eb struct{ Entries []judging.Entry }
	r.json(t, &eb)
	r = upload(je.org, fmt.Sprintf("%s/entries/%d/files", abase, eb.Entries[0].ID), "二大队-京文执罚777号.docx", wordDoc(t, "处罚决定"))
	wantStatus(t, r, 201)
	var fr struct{ File appraisal.StoredFile }
	r.json(t, &fr)
	wantStatus(t, je.org.call("POST", abase+"/assignment", map[string]any{"k": 1, "seed": "7"}), 200)
	wantStatus(t, je.org.call("POST", fmt.Sprintf("/api/v1/judging/contests/%d/status", c.ID), map[string]any{"status": "open"}), 200)
	var assigned, other *client
	for i, j := range je.judges {
		var v appraisal.JudgeView
		r := j.call("GET", abase+"/judge", nil)
		wantStatus(t, r, 200)
		r.json(t, &v)
		if len(v.Documents) == 1 && assigned == nil {
			assigned = j
			d := v.Documents[0]
			if d.CaseType != "网吧" || len(d.Files) != 1 || d.Files[0].Kind != "docx" {
				t.Fatalf("judge %d sees %s", i, r.body)
			}
			if strings.Contains(string(r.body), "777") || strings.Contains(string(r.body), "二大队") {
				t.Fatalf("the judge view names the case: %s", r.body)
			}
		} else if len(v.Documents) == 0 {
			other = j
		}
	}
	if assigned == nil || other == nil {
		t.Fatal("want one assigned and one unassigned judge")
	}
	return fr.File, assigned, other, abase
}

// TestAppraisalDocxWithoutConverter: a DOCX is stored as unavailable, a
// judge gets it as a download (attachment, blind name) and no PDF.
func TestAppraisalDocxWithoutConverter(t *testing.T) {
	je := newAppraisalEnvWith(t, nil)
	f, judge, _, _ := docxAppraisal(t, je)
	if f.Conversion != appraisal.ConvUnavailable {
		t.Fatalf("conversion %q, want unavailable", f.Conversion)
	}
	r := judge.do("GET", "/api/v1/appraisal/files/"+f.ID, nil, "")
	wantStatus(t, r, 200)
	if d := r.header.Get("Content-Disposition"); !strings.HasPrefix(d, "attachment;") || !strings.HasSuffix(d, "-1.docx") || strings.Contains(d, "%E4%BA%8C") {
		t.Fatalf("disposition %q", d)
	}
	r = judge.do("GET", "/api/v1/appraisal/files/"+f.ID+"/pdf", nil, "")
	wantStatus(t, r, 404)
	if !strings.Contains(string(r.body), "unavailable") {
		t.Fatalf("404 body %s", r.body)
	}
}

// TestAppraisalDocxConverted: with a converter the DOCX is converted off
// the request path (inline here) and an assigned judge views the PDF
// under the blind name; another judge gets 403; a failed conversion is
// recorded and the DOCX stays a download.
func TestAppraisalDocxConverted(t *testing.T) {
	conv := &fakeConverter{}
	je := newAppraisalEnvWith(t, conv)
	f, judge, other, _ := docxAppraisal(t, je)
	if f.Conversion != appraisal.ConvPending || len(conv.got) != 1 || !bytes.Contains(conv.got[0], []byte("PK")) {
		t.Fatalf("conversion %q, converter got %d documents", f.Conversion, len(conv.got))
	}
	r := judge.do("GET", "/api/v1/appraisal/files/"+f.ID+"/pdf", nil, "")
	wantStatus(t, r, 200)
	h := r.header
	if h.Get("Content-Type") != "application/pdf" || h.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(h.Get("Content-Security-Policy"), "sandbox") {
		t.Fatalf("headers %v", h)
	}
	if d := h.Get("Content-Disposition"); !strings.HasPrefix(d, "inline;") || !strings.HasSuffix(d, "-1.pdf") {
		t.Fatalf("disposition %q", d)
	}
	if !bytes.HasPrefix(r.body, []byte("%PDF-1.7\nconverted")) {
		t.Fatalf("body %q", r.body)
	}
	wantStatus(t, other.do("GET", "/api/v1/appraisal/files/"+f.ID+"/pdf", nil, ""), 403)
	wantStatus(t, other.do("GET", "/api/v1/appraisal/files/nosuchfile/pdf", nil, ""), 403)
	r = je.org.do("GET", "/api/v1/appraisal/files/"+f.ID+"/pdf", nil, "")
	wantStatus(t, r, 200)

	failing := &fakeConverter{fail: true}
	je2 := newAppraisalEnvWith(t, failing)
	f2, judge2, _, abase := docxAppraisal(t, je2)
	var v appraisal.JudgeView
	r = judge2.call("GET", abase+"/judge", nil)
	r.json(t, &v)
	if v.Documents[0].Files[0].Conversion != appraisal.ConvFailed {
		t.Fatalf("after a failed conversion: %s", r.body)
	}
	wantStatus(t, judge2.do("GET", "/api/v1/appraisal/files/"+f2.ID+"/pdf", nil, ""), 404)
	wantStatus(t, judge2.do("GET", "/api/v1/appraisal/files/"+f2.ID, nil, ""), 200)
}

// TestDocumentUploadStreamed: the upload is streamed to disk; a refused
// file (wrong content, over the limit, a bomb) leaves nothing there; an
// announced oversize body is refused before a byte of it is sent; a
// chunked body over another route's limit is refused too.
func TestDocumentUploadStreamed(t *testing.T) {
	dir := t.TempDir()
	je := newAppraisalEnvIn(t, dir, nil)
	head, _ := je.user("headS", je.unitB.ID, account.RoleUnitHead)
	var panel []judging.Judge
	for _, u := range je.judgeUsers {
		panel = append(panel, judging.Judge{UserID: u.ID, Name: u.Name, UnitID: u.UnitID})
	}
	r := je.org.call("POST", "/api/v1/appraisal/contests", map[string]any{"title": "流式上传", "panel": panel})
	wantStatus(t, r, 201)
	var c judging.Contest
	r.json(t, &c)
	r = je.org.call("PUT", fmt.Sprintf("/api/v1/judging/contests/%d/entries", c.ID), map[string]any{"entries": []judging.Entry{{Name: "甲", Title: "x", UnitID: je.unitA.ID, Unit: je.unitA.Name}}})
	wantStatus(t, r, 200)
	var eb struct{ Entries []judging.Entry }
	r.json(t, &eb)
	path := fmt.Sprintf("/api/v1/appraisal/contests/%d/entries/%d/files", c.ID, eb.Entries[0].ID)
	docs := filepath.Join(dir, "documents")
	left := func() []string {
		es, _ := os.ReadDir(docs)
		var n []string
		for _, e := range es {
			n = append(n, e.Name())
		}
		return n
	}

	for _, tc := range []struct {
		name, file string
		data       []byte
		status     int
		msg        string
	}{
		{"html named pdf", "x.pdf", append([]byte("<html><script>"), make([]byte, 1<<20)...), 422, "not a PDF"},
		{"docx named pdf", "x.pdf", wordDoc(t, "x"), 422, "does not match"},
		{"exe", "x.exe", []byte("MZ\x90\x00"), 422, "only .pdf"},
		{"over 20 MiB", "big.pdf", append([]byte("%PDF-1.7\n"), make([]byte, 20<<20)...), 413, "20 MiB"},
		{"zip bomb", "bomb.docx", zipBomb(t), 422, "compressed more than"},
		{"macros", "m.docx", docWith(t, "word/vbaProject.bin"), 422, "macros"},
	} {
		r := bigUpload(je.org, path, tc.file, tc.data)
		if r.status != tc.status || !strings.Contains(string(r.body), tc.msg) {
			t.Errorf("%s: %d %s", tc.name, r.status, r.body)
		}
		if n := left(); len(n) != 0 {
			t.Errorf("%s: the refused file left %v on disk", tc.name, n)
		}
	}
	// another unit's head: refused before the file is read or written
	wantStatus(t, bigUpload(head, path, "x.pdf", []byte("%PDF-1.7 x")), 403)
	if n := left(); len(n) != 0 {
		t.Errorf("a refused upload left %v", n)
	}
	r = bigUpload(je.org, path, "ok.pdf", []byte("%PDF-1.7 ok"))
	wantStatus(t, r, 201)
	r = bigUpload(je.org, path, "ok-again.pdf", []byte("%PDF-1.7 ok")) // a retry
	wantStatus(t, r, 200)
	if n := left(); len(n) != 1 || strings.HasPrefix(n[0], ".") {
		t.Errorf("after an upload and its retry the directory holds %v", n)
	}

	// Announced bodies over the limit are refused before they are sent,
	// on the document route (21 MiB) and on any other (10 MiB).
	addr := je.listen()
	for _, tc := range []struct{ path string }{{path}, {"/api/v1/users/import/preview"}} {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: %d\r\n\r\n", tc.path, addr, 30<<20)
		conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("%s: no answer before the body was sent: %v", tc.path, err)
		}
		data, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 413 || !strings.Contains(string(data), "too_large") || !strings.Contains(string(data), "请求内容超过") {
			t.Errorf("%s: %d %s", tc.path, resp.StatusCode, data)
		}
		conn.Close()
	}

	// A chunked JSON body over 10 MiB is refused (no Content-Length to check).
	chunked := func(path string, body io.Reader, ct string) int {
		req, _ := http.NewRequest("POST", "http://"+addr+path, body)
		req.Header.Set("Content-Type", ct)
		req.Header.Set("X-CSRF-Token", je.org.csrf)
		for k, v := range je.org.cookies {
			req.AddCookie(&http.Cookie{Name: k, Value: v})
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return -1 // the server closed the connection while we sent
		}
		defer resp.Body.Close()
		io.Copy(io.Discard, resp.Body)
		return resp.StatusCode
	}
	big := io.MultiReader(strings.NewReader(`{"name":"`), bytes.NewReader(bytes.Repeat([]byte("a"), 11<<20)), strings.NewReader(`"}`))
	if st := chunked("/api/v1/units", big, "application/json"); st != 413 && st != -1 {
		t.Errorf("a chunked 11 MiB body: %d", st)
	}
	// and a chunked upload over 20 MiB on the document route
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		fw, _ := mw.CreateFormFile("file", "chunked.pdf")
		fw.Write([]byte("%PDF-1.7\n"))
		for i := 0; i < 22; i++ {
			if _, err := fw.Write(make([]byte, 1<<20)); err != nil {
				break
			}
		}
		mw.Close()
		pw.Close()
	}()
	if st := chunked(path, pr, mw.FormDataContentType()); st != 413 && st != -1 {
		t.Errorf("a chunked 22 MiB upload: %d", st)
	}
	pr.Close()
	if n := left(); len(n) != 1 {
		t.Errorf("after the refused chunked upload the directory holds %v", n)
	}
}

func docWith(t *testing.T, extra string) []byte {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, n := range []string{"[Content_Types].xml", "word/document.xml", extra} {
		f, _ := w.Create(n)
		f.Write([]byte("<x/>"))
	}
	w.Close()
	return buf.Bytes()
}

func zipBomb(t *testing.T) []byte {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, n := range []string{"[Content_Types].xml", "word/document.xml"} {
		f, _ := w.Create(n)
		f.Write([]byte("<x/>"))
	}
	f, _ := w.Create("word/media/zeros.bin")
	f.Write(make([]byte, 8<<20))
	w.Close()
	return buf.Bytes()
}
