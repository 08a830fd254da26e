// Package docfile owns the files of document appraisals: what kind a file
// is by its content (never its name or the client's type), and keeping the
// bytes under the data dir with random names, hashed.
//
// A DOCX is accepted only as a zip whose directory the caller has already
// checked against its bounds (server/api/uploads.go) and which holds
// word/document.xml and [Content_Types].xml and no macros.
package docfile

import (
	"archive/zip"
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Kinds of file accepted.
const (
	PDF  = "pdf"
	DOCX = "docx"
	PNG  = "png"
	JPEG = "jpeg"
)

// ContentType is the type each kind is served with.
var ContentType = map[string]string{
	PDF:  "application/pdf",
	DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	PNG:  "image/png",
	JPEG: "image/jpeg",
}

// kindOfExt maps a lower-case file extension to the kind it promises.
var kindOfExt = map[string]string{".pdf": PDF, ".docx": DOCX, ".png": PNG, ".jpg": JPEG, ".jpeg": JPEG}

// Errors of Sniff; the message is safe to show.
var (
	ErrExtension = errors.New("only .pdf, .docx, .png, .jpg and .jpeg files are accepted")
	ErrUnknown   = errors.New("the content is not a PDF, DOCX, PNG or JPEG file")
	ErrMismatch  = errors.New("the content does not match the file's extension")
	ErrNotDocx   = errors.New("the zip is not a Word document (no word/document.xml)")
	ErrMacros    = errors.New("Word documents with macros are not accepted")
)

// HeadSize is how many first bytes SniffHead needs.
const HeadSize = 8

// Sniff returns the kind of data, checking that it is the kind the name's
// extension promises.
func Sniff(name string, data []byte) (string, error) {
	got, err := SniffHead(name, data)
	if err != nil {
		return "", err
	}
	if got == DOCX {
		if err := CheckDocxAt(bytes.NewReader(data), int64(len(data))); err != nil {
			return "", err
		}
	}
	return got, nil
}

// SniffHead returns the kind from the first bytes of a file (HeadSize of
// them), checking that it is the kind the name's extension promises. A
// DOCX still needs CheckDocxAt on the whole file. An upload calls it
// before anything of the file is written.
func SniffHead(name string, head []byte) (string, error) {
	want, ok := kindOfExt[strings.ToLower(filepath.Ext(name))]
	if !ok {
		return "", ErrExtension
	}
	var got string
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		got = PDF
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		got = PNG
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		got = JPEG
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		got = DOCX
	default:
		return "", ErrUnknown
	}
	if got != want {
		return "", ErrMismatch
	}
	return got, nil
}

// CheckDocxAt checks that the zip of size bytes read through r is a Word
// document without macros, reading only its central directory.
func CheckDocxAt(r io.ReaderAt, size int64) error {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return ErrNotDocx
	}
	var doc, types bool
	for _, f := range zr.File {
		n := strings.ToLower(f.Name)
		switch {
		case n == "word/document.xml":
			doc = true
		case n == "[content_types].xml":
			types = true
		case strings.HasSuffix(n, "vbaproject.bin"):
			return ErrMacros
		}
	}
	if !doc || !types {
		return ErrNotDocx
	}
	return nil
}

// Hash is the hex SHA-256 of data.
func Hash(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// Dir keeps files in one directory with random names.
type Dir struct{ path string }

// Open makes (0700) and returns the directory.
func Open(path string) (Dir, error) {
	if err := os.MkdirAll(path, 0o700); err != nil {
		return Dir{}, fmt.Errorf("docfile dir: %w", err)
	}
	return Dir{path: path}, nil
}

var nameRE = regexp.MustCompile(`^[0-9a-f]{32}$`)

// Write stores data under a new random name (written to a temporary file,
// synced, then renamed, so a reader never sees half a file) and returns
// the name.
func (d Dir) Write(data []byte) (string, error) {
	name, err := randomName()
	if err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(d.path, ".up-*")
	if err != nil {
		return "", fmt.Errorf("docfile write: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return "", fmt.Errorf("docfile write: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", fmt.Errorf("docfile sync: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("docfile close: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(d.path, name)); err != nil {
		return "", fmt.Errorf("docfile rename: %w", err)
	}
	return name, nil
}

func randomName() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("docfile name: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}

// ErrName is returned for a name this package never made.
var ErrName = errors.New("docfile: not a stored file name")

// Read returns a stored file whole (OpenFile serves one a range at a time).
func (d Dir) Read(name string) ([]byte, error) {
	f, err := d.OpenFile(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("docfile read: %w", err)
	}
	return b, nil
}

// OpenFile opens a stored file for reading, so that it can be served a
// range at a time without holding it in memory (the caller closes it); a
// name that is not one of ours (a path, dots) is refused before the file
// system is touched.
func (d Dir) OpenFile(name string) (io.ReadSeekCloser, error) {
	return d.open(nameRE, name)
}

// Remove deletes a stored file (a missing one is not an error).
func (d Dir) Remove(name string) error {
	return d.remove(nameRE, name)
}

// at is the path of a file named as re allows, or ErrName.
func (d Dir) at(re *regexp.Regexp, name string) (string, error) {
	if !re.MatchString(name) {
		return "", ErrName
	}
	return filepath.Join(d.path, name), nil
}

func (d Dir) open(re *regexp.Regexp, name string) (*os.File, error) {
	p, err := d.at(re, name)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("docfile open: %w", err)
	}
	return f, nil
}

func (d Dir) remove(re *regexp.Regexp, name string) error {
	p, err := d.at(re, name)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("docfile remove: %w", err)
	}
	return nil
}
