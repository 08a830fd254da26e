package appraisal

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/fault"
)

// Blobs keeps file contents by random name (server/docfile.Dir).
type Blobs interface {
	Write(data []byte) (string, error)
	// Adopt keeps a file the adapter staged (server/docfile.Dir.Stage)
	// under a new random name and returns it.
	Adopt(staged string) (string, error)
	Read(name string) ([]byte, error)
	// OpenFile opens a file to be served a range at a time (the caller
	// closes it).
	OpenFile(name string) (io.ReadSeekCloser, error)
	Remove(name string) error
}

// Service runs document appraisals over the judging service and Store.
type Service struct {
	judging *judging.Service
	store   Store
	blobs   Blobs
	now     func() time.Time
	conv    converting // DOCX → PDF (convert.go); zero: none
}

// NewService returns a service (now nil: the clock).
func NewService(j *judging.Service, st Store, blobs Blobs, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{judging: j, store: st, blobs: blobs, now: now}
}

func (s *Service) contest(ctx context.Context, id int64) (judging.Contest, error) {
	c, err := s.judging.Get(ctx, id)
	if err != nil {
		return c, err
	}
	if c.Kind != judging.KindDocument {
		return judging.Contest{}, fault.NotFoundf("contest %d is not a document appraisal", id)
	}
	return c, nil
}

func (s *Service) owned(ctx context.Context, a judging.Actor, id int64) (judging.Contest, error) {
	c, err := s.contest(ctx, id)
	if err != nil {
		return c, err
	}
	if !judging.Owns(c, a) {
		return judging.Contest{}, fault.Errorf(fault.Forbidden, "only the appraisal's organizer may do this")
	}
	return c, nil
}

// Uploader is who uploads a file: an actor, and the unit they head if
// they hold the unit-head role (0: none).
type Uploader struct {
	judging.Actor
	HeadOf int64
}

// Upload stores a sniffed file (kind from the caller's sniffing) of an
// entry: the organizers, or the head of the entry's own unit (a unit
// submits its own documents, never another unit's), while the contest is
// a draft or open, at most maxFiles per entry. The same content again
// returns the stored file (created false) and keeps no second copy, so an
// interrupted upload may be retried. A DOCX is converted to PDF in the
// background when a converter is set (SetConverter).
func (s *Service) Upload(ctx context.Context, up Uploader, contestID, entryID int64, name, kind string, data []byte, hash string, maxFiles int) (StoredFile, bool, error) {
	f := File{Name: name, Kind: kind, Size: int64(len(data)), SHA256: hash}
	return s.upload(ctx, up, contestID, entryID, f, maxFiles, func() (string, error) { return s.blobs.Write(data) })
}

// Incoming is an uploaded file the adapter has sniffed and staged on disk
// (Token, for Blobs.Adopt), with its size and SHA-256 taken while it was
// written.
type Incoming struct {
	Token  string
	Name   string
	Kind   string
	Size   int64
	SHA256 string
}

// UploadStaged is Upload for a file already staged by the adapter (a
// streamed upload): the same rules; the staged file is adopted only when
// a new file is stored. The caller discards the staged file afterwards in
// every case (adopted, it is gone already).
func (s *Service) UploadStaged(ctx context.Context, up Uploader, contestID, entryID int64, in Incoming, maxFiles int) (StoredFile, bool, error) {
	f := File{Name: in.Name, Kind: in.Kind, Size: in.Size, SHA256: in.SHA256}
	return s.upload(ctx, up, contestID, entryID, f, maxFiles, func() (string, error) { return s.blobs.Adopt(in.Token) })
}

// MayUpload checks, before a streamed file is read, that up may add a
// file to the entry now (the rules of Upload but the count, since the
// same content again is accepted at any count).
func (s *Service) MayUpload(ctx context.Context, up Uploader, contestID, entryID int64) error {
	_, err := s.uploadable(ctx, up, contestID, entryID)
	return err
}

// uploadable applies Upload's rules and returns the entry's files.
func (s *Service) uploadable(ctx context.Context, up Uploader, contestID, entryID int64) ([]StoredFile, error) {
	c, err := s.contest(ctx, contestID)
	if err != nil {
		return nil, err
	}
	e, err := s.entry(ctx, contestID, entryID)
	if err != nil {
		return nil, err
	}
	if !judging.Owns(c, up.Actor) && (up.HeadOf == 0 || e.UnitID != up.HeadOf) {
		return nil, fault.Errorf(fault.Forbidden, "only the appraisal's organizer or the head of the document's own unit may upload its files")
	}
	if c.Status != judging.StatusDraft && c.Status != judging.StatusOpen {
		return nil, fault.Conflictf("files are accepted only before the appraisal is locked (now %s)", c.Status)
	}
	return s.store.Files(ctx, contestID, entryID)
}

func (s *Service) upload(ctx context.Context, up Uploader, contestID, entryID int64, file File, maxFiles int, keep func() (string, error)) (StoredFile, bool, error) {
	a := up.Actor
	have, err := s.uploadable(ctx, up, contestID, entryID)
	if err != nil {
		return StoredFile{}, false, err
	}
	for _, f := range have {
		if f.SHA256 == file.SHA256 {
			return f, false, nil
		}
	}
	if len(have) >= maxFiles {
		return StoredFile{}, false, fault.InvalidField("file", fmt.Sprintf("an entry has at most %d files", maxFiles))
	}
	id, err := keep()
	if err != nil {
		return StoredFile{}, false, err
	}
	file.ID = id
	if file.Kind == KindDOCX {
		file.Conversion = ConvUnavailable
		if s.conv.c != nil {
			file.Conversion = ConvPending
		}
	}
	f := StoredFile{File: file, ContestID: contestID, EntryID: entryID, UploadedBy: a.UserID, At: s.now().UTC()}
	got, created, err := s.store.AddFile(ctx, f)
	if err != nil || !created {
		_ = s.blobs.Remove(id) // a racing retry stored it first, or nothing was stored
		return got, created, err
	}
	if got.Conversion == ConvPending {
		s.startConversion(got)
	}
	return got, created, nil
}

// Assign draws and stores the assignment: organizers only, before locking.
// Seed 0 draws a fresh seed, recorded in the assignment.
func (s *Service) Assign(ctx context.Context, a judging.Actor, contestID int64, k int, seed uint64) (Assignment, error) {
	if seed == 0 {
		seed = uint64(s.now().UnixNano()) | 1
	}
	c, err := s.owned(ctx, a, contestID)
	if err != nil {
		return Assignment{}, err
	}
	if c.Status != judging.StatusDraft && c.Status != judging.StatusOpen {
		return Assignment{}, fault.Conflictf("the assignment is fixed once the appraisal is locked (now %s)", c.Status)
	}
	entries, err := s.judging.Entries(ctx, contestID)
	if err != nil {
		return Assignment{}, err
	}
	as, err := Assign(c.Config, entries, k, seed)
	if err != nil {
		return Assignment{}, err
	}
	return as, s.store.SaveAssignment(ctx, contestID, as)
}

// assignment is the stored assignment, or an empty one.
func (s *Service) assignment(ctx context.Context, contestID int64) (Assignment, error) {
	as, err := s.store.Assignment(ctx, contestID)
	if fault.Is(err, fault.NotFound) {
		return Assignment{Reviews: map[int64][]int64{}}, nil
	}
	return as, err
}

// JudgeView is everything a judge gets of an appraisal before the reveal:
// blind documents, and only the ones assigned to them.
type JudgeView struct {
	ContestID int64           `json:"contestId"`
	Title     string          `json:"title"`
	Status    judging.Status  `json:"status"`
	Standard  judging.Rubric  `json:"rubric"`
	Documents []BlindDocument `json:"documents"`
}

// ForJudge returns the judge's blind view: 403 for someone not on the
// panel, and nothing before the contest opens.
func (s *Service) ForJudge(ctx context.Context, a judging.Actor, contestID int64) (JudgeView, error) {
	c, err := s.contest(ctx, contestID)
	if err != nil {
		return JudgeView{}, err
	}
	if _, ok := c.Config.JudgeOf(a.UserID); !ok || c.Status == judging.StatusDraft {
		return JudgeView{}, fault.Errorf(fault.Forbidden, "only the appraisal's judges see its documents, once it is open")
	}
	as, err := s.assignment(ctx, contestID)
	if err != nil {
		return JudgeView{}, err
	}
	codes, err := s.codes(ctx, c)
	if err != nil {
		return JudgeView{}, err
	}
	v := JudgeView{ContestID: c.ID, Title: c.Title, Status: c.Status, Standard: c.Config.Rubric, Documents: []BlindDocument{}}
	for _, e := range codes.entries {
		if !as.Assigned(a.UserID, e.ID) {
			continue
		}
		d, err := s.document(ctx, c, e, codes.code[e.ID])
		if err != nil {
			return JudgeView{}, err
		}
		v.Documents = append(v.Documents, Blind(d))
	}
	return v, nil
}

type codeBook struct {
	entries []judging.Entry
	code    map[int64]string
}

// codes draws the blind codes from the contest id (stable for the
// contest's entries).
func (s *Service) codes(ctx context.Context, c judging.Contest) (codeBook, error) {
	entries, err := s.judging.Entries(ctx, c.ID)
	if err != nil {
		return codeBook{}, err
	}
	ids := make([]int64, len(entries))
	for i, e := range entries {
		ids[i] = e.ID
	}
	return codeBook{entries: entries, code: Codes(ids, CodePrefix, uint64(c.ID)*0x9e3779b97f4a7c15)}, nil
}

func (s *Service) document(ctx context.Context, c judging.Contest, e judging.Entry, code string) (Document, error) {
	files, err := s.store.Files(ctx, c.ID, e.ID)
	if err != nil {
		return Document{}, err
	}
	d := Document{EntryID: e.ID, Code: code, UnitID: e.UnitID, Unit: e.Unit, CaseNo: e.Title, CaseType: e.Category, Officers: officers(e.Name), Files: make([]File, len(files))}
	for i, f := range files {
		d.Files[i] = f.File
	}
	return d, nil
}

// Documents returns the documents with their identities: organizers
// always, others only after the logged reveal (403 before).
func (s *Service) Documents(ctx context.Context, a judging.Actor, contestID int64) ([]Document, error) {
	c, err := s.contest(ctx, contestID)
	if err != nil {
		return nil, err
	}
	rv, err := s.store.Reveal(ctx, contestID)
	if err != nil {
		return nil, err
	}
	_, judge := c.Config.JudgeOf(a.UserID)
	owner := judging.Owns(c, a)
	if !(owner || judge || c.Status == judging.StatusPublished) || !CanSeeIdentity(judging.Viewer{UserID: a.UserID, Organizer: owner}, rv) {
		return nil, fault.Errorf(fault.Forbidden, "identities are hidden until every sheet is locked and the organizer reveals them")
	}
	codes, err := s.codes(ctx, c)
	if err != nil {
		return nil, err
	}
	out := []Document{}
	for _, e := range codes.entries {
		d, err := s.document(ctx, c, e, codes.code[e.ID])
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// Open opens a file with the name to serve it under (the caller closes
// it): organizers get the uploaded name, an assigned judge the blind one
// (文书-07-1.pdf); anyone else gets 403, also for a file id that does not
// exist, so ids cannot be probed.
func (s *Service) Open(ctx context.Context, a judging.Actor, fileID string) (StoredFile, string, io.ReadSeekCloser, error) {
	f, name, err := s.access(ctx, a, fileID)
	if err != nil {
		return StoredFile{}, "", nil, err
	}
	r, err := s.blobs.OpenFile(f.ID)
	if err != nil {
		return StoredFile{}, "", nil, err
	}
	return f, name, r, nil
}

// OpenPDF is Open for the PDF a DOCX was converted to (the same access;
// named 文书-07-1.pdf for a judge): 404 while there is none (pending,
// failed, unavailable), naming the state.
func (s *Service) OpenPDF(ctx context.Context, a judging.Actor, fileID string) (StoredFile, string, io.ReadSeekCloser, error) {
	f, name, err := s.access(ctx, a, fileID)
	if err != nil {
		return StoredFile{}, "", nil, err
	}
	if f.Kind != KindDOCX || f.Conversion != ConvDone || f.PDF == "" {
		state := f.Conversion
		if state == "" {
			state = "not a Word document"
		}
		return StoredFile{}, "", nil, fault.NotFoundf("this file has no converted PDF (%s)", state)
	}
	r, err := s.blobs.OpenFile(f.PDF)
	if err != nil {
		return StoredFile{}, "", nil, err
	}
	size, err := r.Seek(0, io.SeekEnd)
	if err == nil {
		_, err = r.Seek(0, io.SeekStart)
	}
	if err != nil {
		r.Close()
		return StoredFile{}, "", nil, fmt.Errorf("open pdf: %w", err)
	}
	f.Kind, f.Size = "pdf", size
	return f, strings.TrimSuffix(name, ".docx") + ".pdf", r, nil
}

// access checks who may open a file and returns it with the name to serve
// it under (see Open).
func (s *Service) access(ctx context.Context, a judging.Actor, fileID string) (StoredFile, string, error) {
	denied := fault.Errorf(fault.Forbidden, "this document is not assigned to you")
	f, err := s.store.File(ctx, fileID)
	if fault.Is(err, fault.NotFound) {
		return StoredFile{}, "", denied
	}
	if err != nil {
		return StoredFile{}, "", err
	}
	c, err := s.contest(ctx, f.ContestID)
	if err != nil {
		return StoredFile{}, "", err
	}
	if judging.Owns(c, a) {
		return f, f.Name, nil
	}
	as, err := s.assignment(ctx, c.ID)
	if err != nil {
		return StoredFile{}, "", err
	}
	if c.Status == judging.StatusDraft || !CanOpen(judging.Viewer{UserID: a.UserID}, as, f.EntryID) {
		return StoredFile{}, "", denied
	}
	rv, err := s.store.Reveal(ctx, c.ID)
	if err != nil {
		return StoredFile{}, "", err
	}
	if rv != nil {
		return f, f.Name, nil
	}
	codes, err := s.codes(ctx, c)
	if err != nil {
		return StoredFile{}, "", err
	}
	d, err := s.document(ctx, c, judging.Entry{ID: f.EntryID}, codes.code[f.EntryID])
	if err != nil {
		return StoredFile{}, "", err
	}
	name := ""
	for _, bf := range Blind(d).Files {
		if bf.ID == f.ID {
			name = bf.Name
		}
	}
	f.Name = name
	return f, name, nil
}

// Reveal logs the reveal of identities: organizers only, once, when the
// contest is locked and every assigned sheet is (409 naming what is
// missing otherwise).
func (s *Service) Reveal(ctx context.Context, a judging.Actor, contestID int64) (Reveal, error) {
	if _, err := s.owned(ctx, a, contestID); err != nil {
		return Reveal{}, err
	}
	c, _, sheets, err := s.judging.Snapshot(ctx, contestID)
	if err != nil {
		return Reveal{}, err
	}
	as, err := s.store.Assignment(ctx, contestID)
	if err != nil {
		return Reveal{}, err
	}
	if err := CanReveal(c, as, sheets); err != nil {
		return Reveal{}, err
	}
	n := 0
	for _, js := range as.Reviews {
		n += len(js)
	}
	r := Reveal{ContestID: contestID, ActorID: a.UserID, Sheets: n, At: s.now().UTC()}
	return r, s.store.RecordReveal(ctx, r)
}

// officers splits an entry's Name (the handling officers, 张三、李四).
func officers(name string) []string {
	out := []string{}
	for _, p := range strings.FieldsFunc(name, func(r rune) bool { return r == '、' || r == ',' || r == '，' || r == ';' || r == '；' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
