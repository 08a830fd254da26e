package appraisal

import (
	"bytes"
	"context"
	"errors"
	"time"

	"github.com/weishi-dev/weishi/server/fault"
)

// KindDOCX is the kind of a Word document (server/docfile.DOCX).
const KindDOCX = "docx"

// Conversion states of a DOCX file (File.Conversion).
const (
	ConvPending     = "pending"     // queued or running
	ConvDone        = "done"        // File.PDF holds the PDF judges view
	ConvFailed      = "failed"      // the converter failed or timed out: offered as a download
	ConvUnavailable = "unavailable" // no converter on this server: offered as a download
)

// Converter turns a Word document into a PDF (server/docconv: LibreOffice
// headless). It runs with ctx's deadline, works on its own copy and keeps
// nothing; the PDF it returns carries none of the document's own
// metadata (author, title), so a blind judge learns nothing from it.
type Converter interface {
	ToPDF(ctx context.Context, docx []byte) ([]byte, error)
}

type converting struct {
	c       Converter
	run     func(where string, fn func())
	timeout time.Duration
}

// SetConverter turns on the conversion of uploaded DOCX files: each runs
// off the request path through run (safe.Guard.Go), at most timeout long.
// Without one, a DOCX is stored as unavailable and offered as a download.
func (s *Service) SetConverter(c Converter, run func(where string, fn func()), timeout time.Duration) {
	if timeout <= 0 {
		timeout = 2 * time.Minute
	}
	s.conv = converting{c: c, run: run, timeout: timeout}
}

func (s *Service) startConversion(f StoredFile) {
	s.conv.run("appraisal-convert", func() { _ = s.Convert(context.Background(), f.ID) })
}

// Convert converts a stored DOCX to PDF and records the outcome (done,
// or failed). It is what the background job runs; ResumeConversions runs
// it again for files a restart left pending.
func (s *Service) Convert(ctx context.Context, fileID string) error {
	if s.conv.c == nil {
		return fault.Conflictf("no document converter on this server")
	}
	f, err := s.store.File(ctx, fileID)
	if err != nil {
		return err
	}
	if f.Kind != KindDOCX || f.Conversion == ConvDone {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, s.conv.timeout)
	defer cancel()
	pdf, err := s.toPDF(ctx, f)
	if err != nil {
		_ = s.store.SetConversion(context.Background(), f.ID, ConvFailed, "")
		return err
	}
	id, err := s.blobs.Write(pdf)
	if err != nil {
		_ = s.store.SetConversion(context.Background(), f.ID, ConvFailed, "")
		return err
	}
	if err := s.store.SetConversion(ctx, f.ID, ConvDone, id); err != nil {
		_ = s.blobs.Remove(id)
		return err
	}
	return nil
}

func (s *Service) toPDF(ctx context.Context, f StoredFile) ([]byte, error) {
	data, err := s.blobs.Read(f.ID)
	if err != nil {
		return nil, err
	}
	pdf, err := s.conv.c.ToPDF(ctx, data)
	if err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		return nil, errors.New("appraisal: the converter did not return a PDF")
	}
	return pdf, nil
}

// ResumeConversions queues again the DOCX files a restart left pending
// (and, when a converter has appeared since, the unavailable ones).
func (s *Service) ResumeConversions(ctx context.Context) error {
	if s.conv.c == nil {
		return nil
	}
	files, err := s.store.Unconverted(ctx)
	if err != nil {
		return err
	}
	for _, f := range files {
		s.startConversion(f)
	}
	return nil
}
