package docfile

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
)

func TestStageHashesAndBounds(t *testing.T) {
	d, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	data := []byte("%PDF-1.7 a streamed file")
	st, err := d.Stage(data[:HeadSize], bytes.NewReader(data[HeadSize:]), 100)
	if err != nil {
		t.Fatal(err)
	}
	if st.Size != int64(len(data)) || st.SHA256 != Hash(data) || !strings.HasPrefix(st.Token, ".st-") {
		t.Fatalf("staged %+v", st)
	}
	name, err := d.Adopt(st.Token)
	if err != nil {
		t.Fatal(err)
	}
	got, err := d.Read(name)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("read %q %v", got, err)
	}
	if err := d.Discard(st.Token); err != nil { // adopted: gone, not an error
		t.Fatal(err)
	}

	// one byte over the limit: refused, nothing left
	_, err = d.Stage([]byte("%PDF-"), bytes.NewReader(make([]byte, 96)), 100)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("over the limit: %v", err)
	}
	es, _ := os.ReadDir(d.path)
	if len(es) != 1 {
		t.Fatalf("the directory holds %d files, want the adopted one", len(es))
	}
	// exactly the limit is fine
	if _, err := d.Stage([]byte("%PDF-"), bytes.NewReader(make([]byte, 95)), 100); err != nil {
		t.Fatalf("at the limit: %v", err)
	}
	for _, bad := range []string{"../x", ".st-../../etc", name, ""} {
		if _, err := d.Adopt(bad); !errors.Is(err, ErrName) {
			t.Errorf("Adopt(%q): %v", bad, err)
		}
		if _, err := d.OpenStaged(bad); !errors.Is(err, ErrName) {
			t.Errorf("OpenStaged(%q): %v", bad, err)
		}
	}
}

func TestSniffHead(t *testing.T) {
	for _, tc := range []struct {
		name, head, kind string
		err              error
	}{
		{"a.pdf", "%PDF-1.7", PDF, nil},
		{"a.PNG", "\x89PNG\r\n\x1a\n", PNG, nil},
		{"a.jpg", "\xff\xd8\xff\xe0", JPEG, nil},
		{"a.docx", "PK\x03\x04", DOCX, nil},
		{"a.pdf", "PK\x03\x04", "", ErrMismatch},
		{"a.pdf", "<html>", "", ErrUnknown},
		{"a.exe", "MZ", "", ErrExtension},
	} {
		kind, err := SniffHead(tc.name, []byte(tc.head))
		if kind != tc.kind || !errors.Is(err, tc.err) {
			t.Errorf("%s %q: %q %v", tc.name, tc.head, kind, err)
		}
	}
}
