package docfile

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// zipOf builds a zip with the named parts.
func zipOf(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for n, body := range parts {
		f, err := w.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(body))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSniff(t *testing.T) {
	docx := zipOf(t, map[string]string{"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
	xlsx := zipOf(t, map[string]string{"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
	docm := zipOf(t, map[string]string{"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>", "word/vbaProject.bin": "x"})
	pdf := []byte("%PDF-1.7\n1 0 obj\n")
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	jpg := []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'}
	cases := []struct {
		name string
		data []byte
		kind string
		err  error
	}{
		{"决定书.pdf", pdf, PDF, nil},
		{"A.PDF", pdf, PDF, nil},
		{"scan.png", png, PNG, nil},
		{"scan.jpg", jpg, JPEG, nil},
		{"scan.JPEG", jpg, JPEG, nil},
		{"writ.docx", docx, DOCX, nil},
		{"writ.pdf", docx, "", ErrMismatch},
		{"photo.pdf", png, "", ErrMismatch},
		{"fake.png", pdf, "", ErrMismatch},
		{"page.pdf", []byte("<html><script>alert(1)</script>"), "", ErrUnknown},
		{"empty.pdf", nil, "", ErrUnknown},
		{"svg.png", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), "", ErrUnknown},
		{"sheet.docx", xlsx, "", ErrNotDocx},
		{"macro.docx", docm, "", ErrMacros},
		{"broken.docx", []byte("PK\x03\x04garbage"), "", ErrNotDocx},
		{"run.exe", pdf, "", ErrExtension},
		{"page.html", pdf, "", ErrExtension},
		{"noext", pdf, "", ErrExtension},
		{"double.pdf.exe", pdf, "", ErrExtension},
		{"x.svg", png, "", ErrExtension},
	}
	for _, tc := range cases {
		kind, err := Sniff(tc.name, tc.data)
		if kind != tc.kind || !errors.Is(err, tc.err) {
			t.Errorf("Sniff(%q) = %q, %v; want %q, %v", tc.name, kind, err, tc.kind, tc.err)
		}
	}
}

func TestDir(t *testing.T) {
	root := t.TempDir()
	d, err := Open(filepath.Join(root, "documents"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := d.Write([]byte("one"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := d.Write([]byte("one"))
	if err != nil {
		t.Fatal(err)
	}
	if a == b || !nameRE.MatchString(a) {
		t.Fatalf("names %q %q: random and distinct expected", a, b)
	}
	got, err := d.Read(a)
	if err != nil || string(got) != "one" {
		t.Fatalf("read %q %v", got, err)
	}
	entries, _ := os.ReadDir(filepath.Join(root, "documents"))
	if len(entries) != 2 {
		t.Fatalf("%d files left (temporary files must go)", len(entries))
	}
	st, _ := os.Stat(filepath.Join(root, "documents"))
	if st.Mode().Perm() != 0o700 {
		t.Fatalf("dir mode %v", st.Mode().Perm())
	}
	for _, bad := range []string{"../documents/" + a, a + "/", "", "..", filepath.Join(root, "x"), "ABCDEF0123456789ABCDEF0123456789"} {
		if _, err := d.Read(bad); !errors.Is(err, ErrName) {
			t.Errorf("Read(%q): %v", bad, err)
		}
	}
	if err := d.Remove(a); err != nil {
		t.Fatal(err)
	}
	if err := d.Remove(a); err != nil {
		t.Fatalf("removing twice: %v", err)
	}
	if _, err := d.Read(a); err == nil {
		t.Fatal("read a removed file")
	}
	if Hash([]byte("abc")) != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Fatal("Hash is not SHA-256")
	}
}
