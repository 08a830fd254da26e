package judging

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/weishi-dev/weishi/server/fault"
)

// Actor is the user behind a call, as the edge authenticated them.
type Actor struct {
	UserID    int64
	Name      string
	Admin     bool
	Organizer bool // holds the organizer role
}

// Owns reports whether the actor organizes c (its creator, or an admin).
func Owns(c Contest, a Actor) bool { return a.Admin || (a.UserID != 0 && c.OrganizerID == a.UserID) }

func (a Actor) viewer(c Contest) Viewer { return Viewer{UserID: a.UserID, Organizer: Owns(c, a)} }

// NewContest is what an organizer writes.
type NewContest struct {
	Kind   Kind   `json:"kind"`
	Title  string `json:"title"`
	Config Config `json:"config"`
}

// Service runs judged contests over a Store.
type Service struct {
	store  Store
	notify Notifier
	gate   Gate
	now    func() time.Time
	seed   func() uint64
}

// Gate adds a rule of another package to who may score what: a document
// appraisal (quiz/appraisal) lets a judge score only the documents
// assigned to them. MayScore returns nil to allow, or the refusal
// (fault.Forbidden).
type Gate interface {
	MayScore(ctx context.Context, c Contest, judgeID, entryID int64) error
}

// SetGate wires the gate (nil: none).
func (s *Service) SetGate(g Gate) { s.gate = g }

func (s *Service) mayScore(ctx context.Context, c Contest, judgeID, entryID int64) error {
	if s.gate == nil {
		return nil
	}
	return s.gate.MayScore(ctx, c, judgeID, entryID)
}

// NewService returns a service; now and seed (the draw's randomness) may
// be nil for the clock and a time-based seed.
func NewService(store Store, now func() time.Time, seed func() uint64) *Service {
	if now == nil {
		now = time.Now
	}
	if seed == nil {
		seed = func() uint64 { return uint64(time.Now().UnixNano()) }
	}
	return &Service{store: store, now: now, seed: seed}
}

// SetNotifier wires the live path (nil: none).
func (s *Service) SetNotifier(n Notifier) { s.notify = n }

func (s *Service) changed(ctx context.Context, id int64, what string) {
	if s.notify != nil {
		s.notify.Changed(ctx, id, what)
	}
}

func checkTitle(kind Kind, title string) error {
	f := fault.Fields{}
	f.Check(title == "" || len([]rune(title)) > 100, "title", "1 to 100 characters")
	f.Check(kind != KindSpeech && kind != KindDocument && kind != KindDebate, "kind", "speech, document or debate")
	return f.Err()
}

// Create stores a draft contest organized by the actor (an organizer or an
// admin).
func (s *Service) Create(ctx context.Context, actor Actor, n NewContest) (Contest, error) {
	if !actor.Organizer && !actor.Admin {
		return Contest{}, fault.Errorf(fault.Forbidden, "only organizers build judged contests")
	}
	n.Title = strings.TrimSpace(n.Title)
	if err := checkTitle(n.Kind, n.Title); err != nil {
		return Contest{}, err
	}
	n.Config.Normalize()
	if err := n.Config.Validate(false); err != nil {
		return Contest{}, err
	}
	now := s.now().UTC()
	c, err := s.store.CreateContest(ctx, Contest{Kind: n.Kind, Title: n.Title, Status: StatusDraft, OrganizerID: actor.UserID, Config: n.Config, CreatedAt: now, UpdatedAt: now})
	if err != nil {
		return Contest{}, fmt.Errorf("create judged contest: %w", err)
	}
	return c, nil
}

// Get returns a contest.
func (s *Service) Get(ctx context.Context, id int64) (Contest, error) {
	return s.store.Contest(ctx, id)
}

// List lists contests.
func (s *Service) List(ctx context.Context, f Filter) ([]Contest, error) {
	return s.store.Contests(ctx, f)
}

// owned loads a contest the actor organizes (fault.Forbidden otherwise).
func (s *Service) owned(ctx context.Context, actor Actor, id int64) (Contest, error) {
	c, err := s.store.Contest(ctx, id)
	if err != nil {
		return Contest{}, err
	}
	if !Owns(c, actor) {
		return Contest{}, fault.Errorf(fault.Forbidden, "only the contest's organizer may do this")
	}
	return c, nil
}

// frozen is the part of a configuration that cannot change once scoring
// opened: the rubric, the aggregation and the panel.
func frozen(c Config) string {
	b, _ := json.Marshal(struct {
		R Rubric
		A Aggregation
		P []Judge
		L bool
	}{c.Rubric, c.Aggregation, c.Panel, c.Live})
	return string(b)
}

// Update replaces title and configuration. A draft changes freely; after
// that only the tiers, the boundary rule and the tie decisions change
// (fault.Conflict naming what is frozen), and nothing after publication.
// version is the version the editor read (0: do not check).
func (s *Service) Update(ctx context.Context, actor Actor, id int64, n NewContest, version int64) (Contest, error) {
	c, err := s.owned(ctx, actor, id)
	if err != nil {
		return Contest{}, err
	}
	if version != 0 && version != c.Version {
		return Contest{}, fault.Conflictf("the contest changed meanwhile; reload it")
	}
	n.Title = strings.TrimSpace(n.Title)
	if n.Kind == "" {
		n.Kind = c.Kind
	}
	if err := checkTitle(n.Kind, n.Title); err != nil {
		return Contest{}, err
	}
	n.Config.Normalize()
	if err := n.Config.Validate(c.Status != StatusDraft); err != nil {
		return Contest{}, err
	}
	if c.Status == StatusPublished {
		return Contest{}, fault.Conflictf("a published contest cannot be edited")
	}
	if c.Status != StatusDraft {
		if frozen(n.Config) != frozen(c.Config) || n.Kind != c.Kind {
			return Contest{}, fault.Conflictf("once scoring opened only the award tiers and tie decisions may change; the rubric, aggregation and panel are frozen")
		}
		n.Config.Conflicts = c.Config.Conflicts // declared by judges, not edited here
	}
	before := c
	c.Kind, c.Title, c.Config, c.UpdatedAt = n.Kind, n.Title, n.Config, s.now().UTC()
	var log []Change
	if diff := DiffContest(before, c); len(diff) > 0 {
		log = append(log, Change{ContestID: id, Action: ChangeConfig, ActorID: actor.UserID, Fields: diff, At: c.UpdatedAt})
	}
	if err := s.store.UpdateContest(ctx, c, log...); err != nil {
		return Contest{}, fmt.Errorf("update judged contest: %w", err)
	}
	c.Version++
	s.changed(ctx, id, "config")
	return c, nil
}

// SetEntries replaces the entries of a draft.
func (s *Service) SetEntries(ctx context.Context, actor Actor, id int64, entries []Entry) ([]Entry, error) {
	c, err := s.owned(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if c.Status != StatusDraft {
		return nil, fault.Conflictf("entries change only while the contest is a draft")
	}
	f := fault.Fields{}
	f.Check(len(entries) > MaxEntries, "entries", "at most 1000 entries")
	orders := map[int]bool{}
	for i, e := range entries {
		entries[i].Name, entries[i].Title, entries[i].Unit, entries[i].Category = strings.TrimSpace(e.Name), strings.TrimSpace(e.Title), strings.TrimSpace(e.Unit), strings.TrimSpace(e.Category)
		p := func(n string) string { return fieldf("entries", i, n) }
		f.Check(entries[i].Name == "" || len([]rune(entries[i].Name)) > 60, p("name"), "1 to 60 characters")
		f.Check(len([]rune(entries[i].Title)) > 200, p("title"), "at most 200 characters")
		f.Check(len([]rune(entries[i].Category)) > 40, p("category"), "at most 40 characters")
		f.Check(e.Order < 0 || (e.Order > 0 && orders[e.Order]), p("order"), "speaking orders differ")
		orders[e.Order] = e.Order > 0
		entries[i].Seconds = 0
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	before, err := s.store.Entries(ctx, id)
	if err != nil {
		return nil, err
	}
	var log []Change
	if diff := DiffEntries(before, entries); len(diff) > 0 {
		log = append(log, Change{ContestID: id, Action: ChangeEntries, ActorID: actor.UserID, Fields: diff, At: s.now().UTC()})
	}
	out, err := s.store.ReplaceEntries(ctx, id, entries, log...)
	if err != nil {
		return nil, fmt.Errorf("set entries: %w", err)
	}
	s.changed(ctx, id, "config")
	return out, nil
}

// Entries returns a contest's entries.
func (s *Service) Entries(ctx context.Context, id int64) ([]Entry, error) {
	return s.store.Entries(ctx, id)
}

// DrawOrder draws the speaking order of a draft's entries and records the
// draw. seed 0 picks a fresh seed; the same seed reproduces the order.
func (s *Service) DrawOrder(ctx context.Context, actor Actor, id int64, seed uint64) (Draw, error) {
	c, err := s.owned(ctx, actor, id)
	if err != nil {
		return Draw{}, err
	}
	if c.Status != StatusDraft {
		return Draw{}, fault.Conflictf("the speaking order is drawn before scoring opens")
	}
	entries, err := s.store.Entries(ctx, id)
	if err != nil {
		return Draw{}, err
	}
	if len(entries) == 0 {
		return Draw{}, fault.Conflictf("add the entries before drawing the order")
	}
	if seed == 0 {
		seed = s.seed()
	}
	ids := make([]int64, len(entries))
	for i, e := range entries {
		ids[i] = e.ID
	}
	d, err := s.store.RecordDraw(ctx, Draw{ContestID: id, Seed: seed, Order: DrawOrder(ids, seed), ActorID: actor.UserID, At: s.now().UTC()})
	if err != nil {
		return Draw{}, fmt.Errorf("record draw: %w", err)
	}
	s.changed(ctx, id, "config")
	return d, nil
}

// Draws lists the recorded draws (organizer).
func (s *Service) Draws(ctx context.Context, actor Actor, id int64) ([]Draw, error) {
	if _, err := s.owned(ctx, actor, id); err != nil {
		return nil, err
	}
	return s.store.Draws(ctx, id)
}

// SetStatus moves a contest through draft → open → locked → (appeal →)
// published, with no reason (see SetStatusWith).
func (s *Service) SetStatus(ctx context.Context, actor Actor, id int64, to Status) (Contest, error) {
	return s.SetStatusWith(ctx, actor, id, to, "")
}

// MaxReason bounds a reason written into the trail.
const MaxReason = 500

// SetStatusWith moves a contest through draft → open → locked → (appeal →)
// published, recording the change (who, when, before and after, the
// reason) in the contest's history in the same transaction. Opening needs
// a ready configuration and entries; locking needs every scored entry to
// aggregate (a trimmed mean over too few sheets is named); publishing
// needs every appeal decided; reopening a locked contest for more sheets
// needs a reason.
func (s *Service) SetStatusWith(ctx context.Context, actor Actor, id int64, to Status, reason string) (Contest, error) {
	c, err := s.owned(ctx, actor, id)
	if err != nil {
		return Contest{}, err
	}
	if err := Transition(c.Status, to); err != nil {
		return Contest{}, err
	}
	reason = strings.TrimSpace(reason)
	if len([]rune(reason)) > MaxReason {
		return Contest{}, fault.InvalidField("reason", "say why (at most 500 characters)")
	}
	if c.Status == StatusLocked && to == StatusOpen && reason == "" {
		return Contest{}, fault.InvalidField("reason", "reopening scoring needs a reason (at most 500 characters)")
	}
	from := c.Status
	switch to {
	case StatusOpen:
		if err := c.Config.Validate(true); err != nil {
			return Contest{}, err
		}
		entries, err := s.store.Entries(ctx, id)
		if err != nil {
			return Contest{}, err
		}
		if len(entries) == 0 {
			return Contest{}, fault.Conflictf("a contest opens with at least one entry")
		}
	case StatusLocked:
		entries, sheets, err := s.entriesAndSheets(ctx, id)
		if err != nil {
			return Contest{}, err
		}
		for _, r := range Results(c.Config, entries, sheets) {
			if r.Pending != "" {
				return Contest{}, fault.Conflictf("entry %d cannot be aggregated yet: %s", r.EntryID, r.Pending)
			}
		}
		c.Stage.StartedAt = time.Time{}
	case StatusPublished:
		appeals, err := s.store.Appeals(ctx, id)
		if err != nil {
			return Contest{}, err
		}
		for _, a := range appeals {
			if a.Outcome == "" {
				return Contest{}, fault.Conflictf("appeal %d is still pending", a.ID)
			}
		}
	}
	c.Status, c.UpdatedAt = to, s.now().UTC()
	log := Change{ContestID: id, Action: ChangeStatus, ActorID: actor.UserID, Reason: reason, At: c.UpdatedAt,
		Fields: []FieldChange{{Field: "status", Before: string(from), After: string(to)}}}
	if err := s.store.UpdateContest(ctx, c, log); err != nil {
		return Contest{}, fmt.Errorf("set status: %w", err)
	}
	c.Version++
	s.changed(ctx, id, "status")
	return c, nil
}

func (s *Service) entriesAndSheets(ctx context.Context, id int64) ([]Entry, []Sheet, error) {
	entries, err := s.store.Entries(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	sheets, err := s.store.Sheets(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	return entries, sheets, nil
}
