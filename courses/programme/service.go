package programme

import (
	"context"
	"io"
	"strings"
	"time"

	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
)

// Blobs keeps file contents by random name (server/docfile.Dir).
type Blobs interface {
	Write(data []byte) (string, error)
	// OpenFile opens a file to be served a range at a time (the caller
	// closes it).
	OpenFile(name string) (io.ReadSeekCloser, error)
	Remove(name string) error
}

// Service runs the programme.
type Service struct {
	store Store
	blobs Blobs
	now   func() time.Time
}

// NewService builds the service; blobs may be nil (no uploads).
func NewService(st Store, blobs Blobs, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: st, blobs: blobs, now: now}
}

var errForbidden = &fault.Error{Code: fault.Forbidden, Message: "you may not see or change another unit's programme"}

// Organizes reports whether u defines and reviews the programme.
func Organizes(u account.User) bool { return u.Has(account.RoleOrganizer, account.RoleAdmin) }

// CanSeeUnit is the one rule for a unit's detail: organizers and admins
// see every unit, a unit head only their own.
func CanSeeUnit(u account.User, unitID int64) bool {
	return Organizes(u) || (u.Has(account.RoleUnitHead) && u.UnitID == unitID)
}

// CanSeeRecord is the one rule for a personal record: the person, their
// unit head, organizers and admins.
func CanSeeRecord(u account.User, userID, unitID int64) bool {
	return u.ID == userID || CanSeeUnit(u, unitID)
}

func organizer(u account.User) error {
	if !Organizes(u) {
		return &fault.Error{Code: fault.Forbidden, Message: "only organizers may do this"}
	}
	return nil
}

// CreateTask defines a task for units.
func (s *Service) CreateTask(ctx context.Context, actor account.User, in TaskInput) (Task, error) {
	if err := organizer(actor); err != nil {
		return Task{}, err
	}
	phase, err := in.Check()
	if err != nil {
		return Task{}, err
	}
	t := Task{Year: in.Year, Area: in.Area, Title: strings.TrimSpace(in.Title), Description: strings.TrimSpace(in.Description),
		Phase: phase, DueOn: in.DueOn, Evidence: in.Evidence, LinkID: in.LinkID, Target: in.Target, UnitIDs: in.UnitIDs,
		CreatedBy: actor.ID, CreatedAt: s.now().UTC()}
	return s.store.CreateTask(ctx, t)
}

// Tasks lists tasks (organizers).
func (s *Service) Tasks(ctx context.Context, actor account.User, f TaskFilter) ([]Task, error) {
	if err := organizer(actor); err != nil {
		return nil, err
	}
	return s.store.Tasks(ctx, f)
}

// Refresh completes every linked task the data now shows done; it is what
// "tasks tied to platform data complete themselves" runs on. It returns
// how many rows it completed.
func (s *Service) Refresh(ctx context.Context, year int) (int, error) {
	tasks, err := s.store.Tasks(ctx, TaskFilter{Year: year})
	if err != nil {
		return 0, err
	}
	linked := tasks[:0:0]
	for _, t := range tasks {
		if t.Evidence.Linked() {
			linked = append(linked, t)
		}
	}
	if len(linked) == 0 {
		return 0, nil
	}
	m, err := s.store.Measure(ctx, linked)
	if err != nil {
		return 0, err
	}
	n := 0
	at := s.now().UTC()
	for _, t := range linked {
		for _, u := range t.UnitIDs {
			if t.Met(m[Key{t.ID, u}]) {
				done, err := s.store.SetDone(ctx, Key{t.ID, u}, DoneInput{}, "data", 0, at)
				if err != nil {
					return n, err
				}
				if done {
					n++
				}
			}
		}
	}
	return n, nil
}

// UnitTasks lists the units' rows (unit heads: their own unit only),
// refreshed from the data, with what the data measures and what is overdue.
func (s *Service) UnitTasks(ctx context.Context, actor account.User, f TaskFilter) ([]UnitTask, error) {
	if !Organizes(actor) {
		if f.UnitID == 0 {
			f.UnitID = actor.UnitID
		}
		if !CanSeeUnit(actor, f.UnitID) {
			return nil, errForbidden
		}
	}
	if _, err := s.Refresh(ctx, f.Year); err != nil {
		return nil, err
	}
	rows, err := s.store.UnitTasks(ctx, f)
	if err != nil {
		return nil, err
	}
	tasks := map[int64]Task{}
	for _, r := range rows {
		if r.Task.Evidence.Linked() {
			tasks[r.TaskID] = r.Task
		}
	}
	list := make([]Task, 0, len(tasks))
	for _, t := range tasks {
		list = append(list, t)
	}
	m, err := s.store.Measure(ctx, list)
	if err != nil {
		return nil, err
	}
	now := s.now()
	for i := range rows {
		rows[i].Measured = m[Key{rows[i].TaskID, rows[i].UnitID}]
		rows[i].Overdue = Overdue(rows[i].Task, rows[i].Status, now)
	}
	return rows, nil
}

// MarkDone records a unit's task done with its evidence: the unit's head
// (or an organizer). Without the evidence it is a field-level 422.
func (s *Service) MarkDone(ctx context.Context, actor account.User, k Key, in DoneInput) (UnitTask, error) {
	if !CanSeeUnit(actor, k.UnitID) {
		return UnitTask{}, errForbidden
	}
	t, err := s.store.Task(ctx, k.TaskID)
	if err != nil {
		return UnitTask{}, err
	}
	if !assigned(t, k.UnitID) {
		return UnitTask{}, fault.NotFoundf("the task is not assigned to this unit")
	}
	measured := 0
	if t.Evidence.Linked() {
		m, err := s.store.Measure(ctx, []Task{t})
		if err != nil {
			return UnitTask{}, err
		}
		measured = m[k]
	}
	if err := CheckDone(t, in, measured); err != nil {
		return UnitTask{}, err
	}
	if in.FileID > 0 {
		f, err := s.store.File(ctx, in.FileID)
		if err != nil {
			return UnitTask{}, fault.InvalidField("fileId", "no such uploaded file")
		}
		if f.UnitID != k.UnitID && !Organizes(actor) {
			return UnitTask{}, fault.InvalidField("fileId", "the file was uploaded for another unit")
		}
	}
	if _, err := s.store.SetDone(ctx, k, DoneInput{FileID: in.FileID, Note: strings.TrimSpace(in.Note)}, "manual", actor.ID, s.now().UTC()); err != nil {
		return UnitTask{}, err
	}
	return s.one(ctx, k)
}

// ReturnTask sends a unit's done task back with a note (organizers review).
func (s *Service) ReturnTask(ctx context.Context, actor account.User, k Key, note string) (UnitTask, error) {
	if err := organizer(actor); err != nil {
		return UnitTask{}, err
	}
	f := fault.Fields{}
	f.Text("note", note, 2000, true)
	if err := f.Err(); err != nil {
		return UnitTask{}, err
	}
	if err := s.store.Return(ctx, k, strings.TrimSpace(note), actor.ID, s.now().UTC()); err != nil {
		return UnitTask{}, err
	}
	return s.one(ctx, k)
}

func (s *Service) one(ctx context.Context, k Key) (UnitTask, error) {
	t, err := s.store.Task(ctx, k.TaskID)
	if err != nil {
		return UnitTask{}, err
	}
	rows, err := s.store.UnitTasks(ctx, TaskFilter{Year: t.Year, UnitID: k.UnitID})
	if err != nil {
		return UnitTask{}, err
	}
	for _, r := range rows {
		if r.TaskID == k.TaskID {
			r.Overdue = Overdue(r.Task, r.Status, s.now())
			return r, nil
		}
	}
	return UnitTask{}, fault.NotFoundf("no such unit task")
}

func assigned(t Task, unitID int64) bool {
	for _, u := range t.UnitIDs {
		if u == unitID {
			return true
		}
	}
	return false
}

// Upload keeps a sniffed file (the edge bounds and sniffs it) for a unit.
func (s *Service) Upload(ctx context.Context, actor account.User, unitID int64, name, kind string, data []byte, sha string) (File, error) {
	if unitID == 0 {
		unitID = actor.UnitID
	}
	if !CanSeeUnit(actor, unitID) {
		return File{}, errForbidden
	}
	if s.blobs == nil {
		return File{}, fault.Conflictf("uploads are not configured")
	}
	f := fault.Fields{}
	f.Text("file", name, 200, true)
	if err := f.Err(); err != nil {
		return File{}, err
	}
	blob, err := s.blobs.Write(data)
	if err != nil {
		return File{}, err
	}
	out, err := s.store.AddFile(ctx, File{Name: name, Kind: kind, Size: len(data), SHA256: sha, Blob: blob, UnitID: unitID, UploadedBy: actor.ID, At: s.now().UTC()})
	if err != nil {
		_ = s.blobs.Remove(blob)
		return File{}, err
	}
	return out, nil
}

// OpenFile opens a file for its unit's head, its uploader and organizers
// (the caller closes it).
func (s *Service) OpenFile(ctx context.Context, actor account.User, id int64) (File, io.ReadSeekCloser, error) {
	f, err := s.store.File(ctx, id)
	if err != nil {
		return File{}, nil, err
	}
	if !CanSeeUnit(actor, f.UnitID) && f.UploadedBy != actor.ID {
		return File{}, nil, fault.NotFoundf("no such file")
	}
	if s.blobs == nil {
		return File{}, nil, fault.NotFoundf("no such file")
	}
	r, err := s.blobs.OpenFile(f.Blob)
	if err != nil {
		return File{}, nil, err
	}
	return f, r, nil
}
