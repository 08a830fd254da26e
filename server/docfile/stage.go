package docfile

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
)

// ErrTooLarge is returned by Stage when the file is longer than its limit;
// nothing is kept.
var ErrTooLarge = errors.New("docfile: the file is larger than the limit")

// Staged is an upload written to the directory under a temporary name,
// not yet kept: Adopt keeps it under a random name, Discard drops it.
type Staged struct {
	Token  string // the temporary name, for Adopt, Discard and OpenStaged
	Size   int64
	SHA256 string
}

// stageRE matches the temporary names Stage makes (os.CreateTemp's
// pattern ".st-*" fills the star with digits).
var stageRE = regexp.MustCompile(`^\.st-[0-9]{1,20}$`)

// Stage streams r into a temporary file of the directory, hashing as it
// writes and stopping at limit bytes (ErrTooLarge, the partial file
// removed). head is what the caller already read from r to sniff the kind
// (written first). Nothing is held in memory beyond a copy buffer.
func (d Dir) Stage(head []byte, r io.Reader, limit int64) (Staged, error) {
	if int64(len(head)) > limit {
		return Staged{}, ErrTooLarge
	}
	tmp, err := os.CreateTemp(d.path, ".st-*")
	if err != nil {
		return Staged{}, fmt.Errorf("docfile stage: %w", err)
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	w := io.MultiWriter(tmp, h)
	if _, err := w.Write(head); err != nil {
		return Staged{}, fmt.Errorf("docfile stage: %w", err)
	}
	n, err := io.Copy(w, io.LimitReader(r, limit-int64(len(head))+1))
	if err != nil {
		return Staged{}, fmt.Errorf("docfile stage: %w", err)
	}
	size := int64(len(head)) + n
	if size > limit {
		return Staged{}, ErrTooLarge
	}
	if err := tmp.Sync(); err != nil {
		return Staged{}, fmt.Errorf("docfile sync: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return Staged{}, fmt.Errorf("docfile close: %w", err)
	}
	ok = true
	return Staged{Token: filepath.Base(tmp.Name()), Size: size, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// OpenStaged opens a staged file for reading (a DOCX's zip directory is
// checked this way before it is kept).
func (d Dir) OpenStaged(token string) (*os.File, error) {
	return d.open(stageRE, token)
}

// Adopt keeps a staged file under a new random name and returns it.
func (d Dir) Adopt(token string) (string, error) {
	from, err := d.at(stageRE, token)
	if err != nil {
		return "", err
	}
	name, err := randomName()
	if err != nil {
		return "", err
	}
	if err := os.Rename(from, filepath.Join(d.path, name)); err != nil {
		return "", fmt.Errorf("docfile adopt: %w", err)
	}
	return name, nil
}

// Discard removes a staged file (a missing one is not an error).
func (d Dir) Discard(token string) error {
	return d.remove(stageRE, token)
}

// Path is where a stored file lives (for serving it from disk and for the
// converter, which reads a copy); a name this package never made is
// refused.
func (d Dir) Path(name string) (string, error) {
	return d.at(nameRE, name)
}
