package docconv

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// docx builds a small Word document whose properties name a person and a
// unit (what a blind review must not leak) and whose text is body.
func docx(t testing.TB, body string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	parts := []struct{ name, text string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>` + body + `</w:t></w:r></w:p></w:body></w:document>`},
		{"docProps/core.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Leaky Title Unit Nine</dc:title><dc:creator>Officer Zhang Secret</dc:creator><cp:lastModifiedBy>Officer Li Secret</cp:lastModifiedBy><dc:subject>Case 2026-118</dc:subject><cp:keywords>unit nine</cp:keywords></cp:coreProperties>`},
		{"docProps/app.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Company>Unit Nine Bureau</Company><Manager>Chief Wang</Manager></Properties>`},
	}
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(p.text))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var secrets = []string{"Leaky Title", "Officer Zhang", "Officer Li", "Case 2026-118", "unit nine", "Unit Nine", "Chief Wang"}

func TestScrubBlanksTheDocumentProperties(t *testing.T) {
	in := docx(t, "Administrative penalty decision")
	out, err := Scrub(in)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(out), int64(len(out)))
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	names := []string{}
	for _, f := range zr.File {
		names = append(names, f.Name)
		r, _ := f.Open()
		var b bytes.Buffer
		b.ReadFrom(r)
		r.Close()
		all.Write(b.Bytes())
	}
	for _, s := range secrets {
		if strings.Contains(all.String(), s) {
			t.Errorf("the scrubbed document still carries %q", s)
		}
	}
	if !strings.Contains(all.String(), "Administrative penalty decision") {
		t.Error("the document's text was lost")
	}
	if len(names) != 5 {
		t.Errorf("parts %v, want the same five", names)
	}
}

func TestIdentifyingInfoReadsOnlyTheInfoDictionary(t *testing.T) {
	for _, c := range []struct {
		name, pdf, want string
	}{
		{"author", "%PDF-1.4\n7 0 obj\n<</Author(Zhang)/Producer(LibreOffice)>>\nendobj\ntrailer<</Info 7 0 R>>", "Author"},
		{"utf16 title", "%PDF-1.4\n7 0 obj\n<</Title<FEFF5F204E09>>>\nendobj\ntrailer<</Info 7 0 R>>", "Title"},
		{"empty utf16", "%PDF-1.4\n7 0 obj\n<</Title<FEFF>/Creator(Writer)>>\nendobj\ntrailer<</Info 7 0 R>>", ""},
		{"outline title is text", "%PDF-1.4\n3 0 obj\n<</Title(Heading one)>>\nendobj\n7 0 obj\n<</Producer(LibreOffice)>>\nendobj\ntrailer<</Info 7 0 R>>", ""},
		{"no info", "%PDF-1.4\n1 0 obj<<>>endobj", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := IdentifyingInfo([]byte(c.pdf)); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// TestSofficeConvertsWithoutMetadata runs the real LibreOffice when it is
// installed (CI installs libreoffice-writer-nogui; the Docker image ships
// it): the PDF has the text and none of the document's properties.
func TestSofficeConvertsWithoutMetadata(t *testing.T) {
	s, err := Find("", t.TempDir())
	if errors.Is(err, ErrNoConverter) {
		t.Skip("soffice not installed: the real-converter test is skipped")
	}
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	start := time.Now()
	pdf, err := s.ToPDF(ctx, docx(t, "Administrative penalty decision"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("converted in %v, %d bytes", time.Since(start), len(pdf))
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", pdf[:min(20, len(pdf))])
	}
	for _, s := range secrets {
		if bytes.Contains(pdf, []byte(s)) {
			t.Errorf("the PDF carries %q", s)
		}
		// LibreOffice writes Info strings as UTF-16BE hex
		if bytes.Contains(bytes.ToUpper(pdf), []byte(utf16hex(s))) {
			t.Errorf("the PDF carries %q (UTF-16)", s)
		}
	}
	if k := IdentifyingInfo(pdf); k != "" {
		t.Errorf("the Info dictionary has /%s", k)
	}
}

func TestSofficeTimesOut(t *testing.T) {
	s, err := Find("", t.TempDir())
	if errors.Is(err, ErrNoConverter) {
		t.Skip("soffice not installed")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := s.ToPDF(ctx, docx(t, "x")); err == nil {
		t.Fatal("a conversion past its deadline succeeded")
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the timed-out conversion took %v to return", d)
	}
}

func TestFindMissingBinary(t *testing.T) {
	if _, err := Find("/nonexistent/soffice", ""); !errors.Is(err, ErrNoConverter) {
		t.Errorf("err %v, want ErrNoConverter", err)
	}
}

func utf16hex(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteString(strings.ToUpper(strings.TrimPrefix(strings.ToUpper(string([]byte{hexd(r >> 12), hexd(r >> 8), hexd(r >> 4), hexd(r)})), "")))
	}
	return b.String()
}

func hexd(r rune) byte { return "0123456789ABCDEF"[r&15] }

func TestUnlinkPointsExternalTargetsNowhere(t *testing.T) {
	in := []byte(`<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="file:///etc/passwd" TargetMode="External"/>` +
		`<Relationship Id="rId2" TargetMode="External" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target='http://169.254.169.254/latest'/>` +
		`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`)
	out := string(Unlink(in))
	for _, bad := range []string{"/etc/passwd", "169.254"} {
		if strings.Contains(out, bad) {
			t.Errorf("still links %s: %s", bad, out)
		}
	}
	if strings.Count(out, `Target="about:blank"`) != 2 || !strings.Contains(out, `Target="styles.xml"`) {
		t.Errorf("unlinked %s", out)
	}
}
