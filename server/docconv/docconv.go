// Package docconv converts Word documents to PDF with LibreOffice headless
// (soffice --headless --convert-to pdf), for judges to view DOCX entries of
// a document appraisal in the browser (appraisal.Converter).
//
// Every conversion runs in a throwaway directory of its own (0700) with its
// own LibreOffice profile (-env:UserInstallation), on a copy named
// in.docx (never an uploaded path or name), with HOME pointed into it, in
// its own process group killed at the deadline, and one at a time. The
// copy has its document properties (docProps: author, title, company,
// last editor) blanked first, and the PDF's Info dictionary is checked, so
// the PDF carries no identifying metadata for a blind review.
package docconv

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"
)

// MaxPDF bounds the converted PDF read back.
const MaxPDF = 64 << 20

// Soffice is the LibreOffice converter.
type Soffice struct {
	path string        // the soffice binary
	tmp  string        // where the throwaway directories go ("": os.TempDir)
	slot chan struct{} // one conversion at a time
}

// ErrNoConverter is returned by Find when soffice is not installed.
var ErrNoConverter = errors.New("docconv: soffice (LibreOffice) not found")

// Find returns the converter for the soffice binary named by path (empty:
// looked up on PATH as soffice or libreoffice), or ErrNoConverter. tmp is
// the parent of the throwaway directories ("": the system's).
func Find(path, tmp string) (*Soffice, error) {
	if path == "" {
		for _, n := range []string{"soffice", "libreoffice"} {
			if p, err := exec.LookPath(n); err == nil {
				path = p
				break
			}
		}
	} else if p, err := exec.LookPath(path); err == nil {
		path = p
	} else {
		path = ""
	}
	if path == "" {
		return nil, ErrNoConverter
	}
	return &Soffice{path: path, tmp: tmp, slot: make(chan struct{}, 1)}, nil
}

// Path is the soffice binary used.
func (s *Soffice) Path() string { return s.path }

// ToPDF converts docx to PDF within ctx's deadline.
func (s *Soffice) ToPDF(ctx context.Context, docx []byte) ([]byte, error) {
	select {
	case s.slot <- struct{}{}:
		defer func() { <-s.slot }()
	case <-ctx.Done():
		return nil, fmt.Errorf("docconv: waiting for the converter: %w", ctx.Err())
	}
	clean, err := Scrub(docx)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(s.tmp, "weishi-conv-")
	if err != nil {
		return nil, fmt.Errorf("docconv: %w", err)
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "in.docx")
	if err := os.WriteFile(in, clean, 0o600); err != nil {
		return nil, fmt.Errorf("docconv: %w", err)
	}
	out := filepath.Join(dir, "out")
	cmd := exec.CommandContext(ctx, s.path,
		"-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profile")),
		"--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
		"--convert-to", "pdf:writer_pdf_Export", "--outdir", out, in)
	cmd.Dir = dir
	// no proxy that works and no network reached through one: linked
	// content is unlinked already (Unlink)
	cmd.Env = []string{"HOME=" + dir, "PATH=/usr/bin:/bin", "LANG=C.UTF-8", "TMPDIR=" + dir,
		"http_proxy=http://127.0.0.1:9", "https_proxy=http://127.0.0.1:9", "ftp_proxy=http://127.0.0.1:9", "no_proxy="}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	// soffice starts soffice.bin as a child: the deadline kills the group.
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("docconv: timed out: %w", ctx.Err())
		}
		return nil, fmt.Errorf("docconv: soffice: %w: %s", err, strings.TrimSpace(tail(stderr.String())))
	}
	f, err := os.Open(filepath.Join(out, "in.pdf"))
	if err != nil {
		return nil, fmt.Errorf("docconv: no PDF written: %w (%s)", err, strings.TrimSpace(tail(stderr.String())))
	}
	defer f.Close()
	pdf, err := io.ReadAll(io.LimitReader(f, MaxPDF+1))
	if err != nil {
		return nil, fmt.Errorf("docconv: %w", err)
	}
	if len(pdf) > MaxPDF {
		return nil, fmt.Errorf("docconv: the PDF is larger than %d MiB", MaxPDF>>20)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		return nil, errors.New("docconv: soffice wrote something that is not a PDF")
	}
	if k := IdentifyingInfo(pdf); k != "" {
		return nil, fmt.Errorf("docconv: the PDF still carries /%s", k)
	}
	return pdf, nil
}

func tail(s string) string {
	if len(s) > 400 {
		return s[len(s)-400:]
	}
	return s
}

// blankCore and blankApp replace a document's properties: no creator,
// last editor, title, subject, company or manager left for soffice to
// copy into the PDF's Info dictionary.
const (
	blankCore = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"></cp:coreProperties>`
	blankApp = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"></Properties>`
	blankCustom = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"></Properties>`
)

// Scrub returns a copy of the DOCX with its document properties blanked
// (docProps/core.xml, app.xml, custom.xml) and every other part as it was.
// The caller has checked the zip's bounds (server/api checkDocument).
func Scrub(docx []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		return nil, fmt.Errorf("docconv: not a zip: %w", err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		var blank string
		switch strings.ToLower(f.Name) {
		case "docprops/core.xml":
			blank = blankCore
		case "docprops/app.xml":
			blank = blankApp
		case "docprops/custom.xml":
			blank = blankCustom
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})
		if err != nil {
			return nil, fmt.Errorf("docconv: %w", err)
		}
		if blank != "" {
			if _, err := io.WriteString(w, blank); err != nil {
				return nil, fmt.Errorf("docconv: %w", err)
			}
			continue
		}
		r, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("docconv: %s: %w", f.Name, err)
		}
		if strings.HasSuffix(strings.ToLower(f.Name), ".rels") {
			var rels bytes.Buffer
			_, err = io.Copy(&rels, r)
			if err == nil {
				_, err = w.Write(Unlink(rels.Bytes()))
			}
		} else {
			_, err = io.Copy(w, r)
		}
		r.Close()
		if err != nil {
			return nil, fmt.Errorf("docconv: %s: %w", f.Name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("docconv: %w", err)
	}
	return buf.Bytes(), nil
}

var (
	relRE    = regexp.MustCompile(`<Relationship\b[^>]*>`)
	targetRE = regexp.MustCompile(`\bTarget\s*=\s*("[^"]*"|'[^']*')`)
)

// Unlink points every external relationship of a .rels part (a linked
// image, an attached template, an OLE link, a hyperlink) at about:blank,
// so the converter never fetches a URL or reads a local file
// (file:///etc/…) into the PDF.
func Unlink(rels []byte) []byte {
	return relRE.ReplaceAllFunc(rels, func(el []byte) []byte {
		if !bytes.Contains(el, []byte("External")) {
			return el
		}
		return targetRE.ReplaceAll(el, []byte(`Target="about:blank"`))
	})
}

// infoRE finds the identifying keys of a PDF Info dictionary with a
// non-empty value (LibreOffice writes the dictionary uncompressed).
var (
	infoRE    = regexp.MustCompile(`/(Author|Title|Subject|Keywords)\s*(\((?:[^)\\]|\\.)+\)|<[0-9A-Fa-f]{5,}>)`)
	infoRefRE = regexp.MustCompile(`/Info\s+(\d+)\s+(\d+)\s+R`)
)

// IdentifyingInfo returns the first key of pdf's Info dictionary that
// carries a value naming a person or the document (Author, Title, Subject,
// Keywords), or "" when there is none. A UTF-16 empty string (<FEFF>)
// counts as empty. Only the Info object is read: an outline item's /Title
// (a heading) is the document's text, not metadata.
func IdentifyingInfo(pdf []byte) string {
	refs := infoRefRE.FindAllSubmatch(pdf, -1)
	if len(refs) == 0 {
		return ""
	}
	ref := refs[len(refs)-1]
	start := regexp.MustCompile(`(?m)(^|\s)` + string(ref[1]) + `\s+` + string(ref[2]) + `\s+obj\b`).FindIndex(pdf)
	if start == nil {
		return ""
	}
	obj := pdf[start[1]:]
	if end := bytes.Index(obj, []byte("endobj")); end >= 0 {
		obj = obj[:end]
	}
	m := infoRE.FindSubmatch(obj)
	if m == nil {
		return ""
	}
	return string(m[1])
}
