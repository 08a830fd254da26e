package api

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"github.com/weishi-dev/weishi/quiz/appraisal"
	"github.com/weishi-dev/weishi/server/docfile"
	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/xlsx"
)

// The app streams request bodies (config: StreamRequestBody). boundBody
// gives every route but the document upload the body fasthttp used to
// give it: read into memory, at most bodyLimit bytes (a Content-Length over
// it is refused before a byte is read, a chunked body as soon as it passes
// it). The document upload's body stays a stream: its handler sniffs the
// file's first bytes, then writes it to disk hashing as it goes, and stops
// at the limit (stageDocument). A refused body is not read to its end, so
// the connection is closed after the answer.
func (s *server) boundBody(c *fiber.Ctx) error {
	if v := c.Request().Header.Peek(refusedHeader); len(v) > 0 {
		return bodyTooLarge(c, int64(bodyLimit(c.Method(), c.Path())))
	}
	// Fiber's Body() inflates a compressed body with no bound: a 10 MiB
	// gzip of zeros would become gigabytes in memory. No client of ours
	// compresses what it sends.
	if enc := strings.TrimSpace(string(c.Request().Header.Peek(fiber.HeaderContentEncoding))); enc != "" && !strings.EqualFold(enc, "identity") {
		c.Context().SetConnectionClose()
		return &fault.Error{Code: fault.Unsupported, Message: "compressed request bodies are not accepted (Content-Encoding)"}
	}
	stream := c.Context().RequestBodyStream()
	if stream == nil {
		return c.Next()
	}
	if c.Method() == fiber.MethodPost && streamsBody(c.Path()) {
		return c.Next()
	}
	limit := maxUploadBody
	if c.Request().Header.ContentLength() > limit {
		return bodyTooLarge(c, int64(limit))
	}
	body, err := io.ReadAll(io.LimitReader(stream, int64(limit)+1))
	if err != nil {
		c.Context().SetConnectionClose()
		return fault.Errorf(fault.Invalid, "the request body could not be read")
	}
	if len(body) > limit {
		return bodyTooLarge(c, int64(limit))
	}
	c.Request().SetBody(body)
	return c.Next()
}

// refusedHeader marks a request whose announced body is over its route's
// limit (headerReceived): fasthttp then reads none of it, and boundBody
// answers 413 and closes the connection.
const refusedHeader = "X-Weishi-Body-Refused"

// headerReceived runs (fasthttp's HeaderReceived) once a request's headers
// are read, before any of its body: a Content-Length over the route's
// limit is refused there, without waiting for a byte of the body (in
// streaming mode fasthttp would first wait for 8 KiB of it).
func headerReceived(h *fasthttp.RequestHeader) fasthttp.RequestConfig {
	h.Del(refusedHeader) // only the server sets it
	cl := h.ContentLength()
	if cl <= 0 {
		return fasthttp.RequestConfig{}
	}
	path, _, _ := strings.Cut(string(h.RequestURI()), "?")
	if cl > bodyLimit(string(h.Method()), path) {
		h.Set(refusedHeader, strconv.Itoa(cl))
		h.SetContentLength(0)
	}
	return fasthttp.RequestConfig{}
}

func bodyTooLarge(c *fiber.Ctx, limit int64) error {
	c.Context().SetConnectionClose()
	msg := fmt.Sprintf("the request body is larger than %d MiB, the limit", limit>>20)
	return &fault.Error{Code: fault.TooLarge, Message: msg}
}

// streamsBody reports whether path is the document upload route
// (documentUploadPath, whose :params match any one segment), compared as
// Fiber routes it: case-insensitive, a trailing slash ignored.
func streamsBody(path string) bool {
	want := strings.Split(documentUploadPath, "/")
	got := strings.Split(strings.TrimSuffix(path, "/"), "/")
	if len(got) != len(want) {
		return false
	}
	for i, w := range want {
		if strings.HasPrefix(w, ":") {
			if got[i] == "" {
				return false
			}
			continue
		}
		if !strings.EqualFold(w, got[i]) {
			return false
		}
	}
	return true
}

// stageDocument reads the multipart form of a document upload from the
// body stream: the "file" part is sniffed from its first bytes (the
// extension, the magic bytes, the two matching) before anything is
// written, then streamed to a staged file of dir, hashed as it is written
// and stopped past b.maxBytes; a DOCX's zip directory is checked (bombs,
// macros) before the caller keeps it. Every refusal is a 413 or 422 naming
// the reason, with nothing left on disk. The caller discards the staged
// file when done with it.
func stageDocument(c *fiber.Ctx, dir *docfile.Dir, b uploadBounds) (appraisal.Incoming, error) {
	fail := func(err error) (appraisal.Incoming, error) {
		c.Context().SetConnectionClose() // the rest of the body is not read
		return appraisal.Incoming{}, err
	}
	if cl := c.Request().Header.ContentLength(); cl > maxDocumentBody {
		return fail(bodyTooLarge(c, b.maxBytes))
	}
	mt, params, err := mime.ParseMediaType(string(c.Request().Header.ContentType()))
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return fail(fault.InvalidField("file", "send the file as multipart/form-data"))
	}
	var body io.Reader = c.Context().RequestBodyStream()
	if body == nil { // already read (a body that reached us as bytes)
		body = bytes.NewReader(c.Body())
	}
	limited := &io.LimitedReader{R: body, N: maxDocumentBody + 1}
	mr := multipart.NewReader(limited, params["boundary"])
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return fail(fault.InvalidField("file", "a file is required"))
		}
		if err != nil {
			if limited.N <= 0 {
				return fail(bodyTooLarge(c, b.maxBytes))
			}
			return fail(fault.InvalidField("file", "the form could not be read"))
		}
		if part.FormName() != "file" {
			continue // NextPart skips what is left of it, within limited
		}
		name := part.FileName()
		if name == "" {
			return fail(fault.InvalidField("file", "a file is required"))
		}
		head := make([]byte, docfile.HeadSize)
		n, err := io.ReadFull(part, head)
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
			return fail(fault.InvalidField("file", "the form could not be read"))
		}
		head = head[:n]
		kind, err := docfile.SniffHead(name, head)
		if err != nil {
			return fail(fault.InvalidField("file", err.Error()))
		}
		st, err := dir.Stage(head, part, b.maxBytes)
		if errors.Is(err, docfile.ErrTooLarge) {
			return fail(fileTooLarge(b.maxBytes))
		}
		if err != nil {
			if limited.N <= 0 {
				return fail(bodyTooLarge(c, b.maxBytes))
			}
			return fail(err)
		}
		if kind == docfile.DOCX {
			if err := checkStagedDocx(dir, st, b); err != nil {
				_ = dir.Discard(st.Token)
				return fail(err)
			}
		}
		// read the rest of the form (its closing boundary), within the limit,
		// so the connection stays usable
		if _, err := io.Copy(io.Discard, limited); err != nil || limited.N <= 0 {
			_ = dir.Discard(st.Token)
			return fail(bodyTooLarge(c, b.maxBytes))
		}
		return appraisal.Incoming{Token: st.Token, Name: name, Kind: kind, Size: st.Size, SHA256: st.SHA256}, nil
	}
}

func fileTooLarge(limit int64) error {
	msg := fmt.Sprintf("the file is larger than %d MiB, the limit", limit>>20)
	return &fault.Error{Code: fault.TooLarge, Message: msg, Fields: map[string]string{"file": msg}}
}

// checkStagedDocx checks a staged DOCX's zip directory: the bounds (a zip
// bomb by declared size, ratio or parts) and a Word document without
// macros. Nothing is inflated.
func checkStagedDocx(dir *docfile.Dir, st docfile.Staged, b uploadBounds) error {
	f, err := dir.OpenStaged(st.Token)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := xlsx.CheckAt(f, st.Size, b.sheet); err != nil {
		var le *xlsx.LimitError
		if errors.As(err, &le) {
			return documentLimitFault(le)
		}
		return fault.InvalidField("file", docfile.ErrNotDocx.Error())
	}
	if err := docfile.CheckDocxAt(f, st.Size); err != nil {
		return fault.InvalidField("file", err.Error())
	}
	return nil
}
