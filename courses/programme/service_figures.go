package programme

import (
	"context"
	"strings"
	"time"

	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
)

// Overview is the leadership dashboard of a year (organizers and admins),
// or one unit's part of it (unit heads: their own unit only).
func (s *Service) Overview(ctx context.Context, actor account.User, year int, unitID int64) (Overview, error) {
	if !Organizes(actor) {
		if unitID == 0 {
			unitID = actor.UnitID
		}
		if !CanSeeUnit(actor, unitID) {
			return Overview{}, errForbidden
		}
	}
	if _, err := s.Refresh(ctx, year); err != nil {
		return Overview{}, err
	}
	from, to := YearRange(year)
	now := s.now()
	snap, err := s.store.Figures(ctx, from, to, now)
	if err != nil {
		return Overview{}, err
	}
	if unitID != 0 {
		snap.Narrow(unitID) // a unit's view: its own areas and months too
	}
	return Overview{Year: year, Snapshot: snap, Trend: snap.Months}, nil
}

// Rows are the rows behind a dashboard number, under the same rule.
func (s *Service) Rows(ctx context.Context, actor account.User, f RowFilter) (RowPage, error) {
	if !f.Metric.Valid() {
		return RowPage{}, fault.InvalidField("metric", "must be attendance, hours, quiz, tasks or contest")
	}
	if !Organizes(actor) {
		if f.UnitID == 0 {
			f.UnitID = actor.UnitID
		}
		if !CanSeeUnit(actor, f.UnitID) {
			return RowPage{}, errForbidden
		}
	}
	if f.Limit <= 0 || f.Limit > 2000 {
		f.Limit = 500
	}
	return s.store.Rows(ctx, f, s.now())
}

// Record is a person's year; staff see only their own.
func (s *Service) Record(ctx context.Context, actor account.User, userID int64, year int) (Record, error) {
	if userID == 0 {
		userID = actor.ID
	}
	if userID != actor.ID {
		unit, err := s.store.PersonUnit(ctx, userID)
		if err != nil {
			return Record{}, err
		}
		if !CanSeeRecord(actor, userID, unit) {
			return Record{}, fault.NotFoundf("no such person")
		}
	}
	return s.store.Record(ctx, userID, year)
}

// DraftBulletin composes a bulletin from the data of a range (organizers).
func (s *Service) DraftBulletin(ctx context.Context, actor account.User, in BulletinInput) (Bulletin, error) {
	if err := organizer(actor); err != nil {
		return Bulletin{}, err
	}
	from, to, err := in.Range()
	if err != nil {
		return Bulletin{}, err
	}
	if _, err := s.Refresh(ctx, from.Year()); err != nil {
		return Bulletin{}, err
	}
	now := s.now().UTC()
	snap, err := s.store.Figures(ctx, from, to, now)
	if err != nil {
		return Bulletin{}, err
	}
	title := strings.TrimSpace(in.Title)
	return s.store.CreateBulletin(ctx, Bulletin{Title: title, FromOn: in.FromOn, ToOn: in.ToOn, Body: Compose(title, snap),
		Data: snap, Status: "draft", CreatedBy: actor.ID, CreatedAt: now, UpdatedAt: now})
}

// EditBulletin replaces a draft's text (organizers; 409 once published).
func (s *Service) EditBulletin(ctx context.Context, actor account.User, id int64, e BulletinEdit) (Bulletin, error) {
	if err := organizer(actor); err != nil {
		return Bulletin{}, err
	}
	if err := e.Check(); err != nil {
		return Bulletin{}, err
	}
	return s.store.UpdateBulletin(ctx, id, BulletinEdit{Title: strings.TrimSpace(e.Title), Body: e.Body}, s.now().UTC())
}

// PublishBulletin publishes a draft (a second publish returns it as is).
func (s *Service) PublishBulletin(ctx context.Context, actor account.User, id int64) (Bulletin, error) {
	if err := organizer(actor); err != nil {
		return Bulletin{}, err
	}
	return s.store.PublishBulletin(ctx, id, s.now().UTC())
}

// Bulletins lists bulletins: organizers every one, others the published.
func (s *Service) Bulletins(ctx context.Context, actor account.User) ([]Bulletin, error) {
	return s.store.Bulletins(ctx, !Organizes(actor))
}

// Bulletin is one bulletin; a draft only for organizers.
func (s *Service) Bulletin(ctx context.Context, actor account.User, id int64) (Bulletin, error) {
	b, err := s.store.Bulletin(ctx, id)
	if err != nil {
		return Bulletin{}, err
	}
	if b.Status != "published" && !Organizes(actor) {
		return Bulletin{}, fault.NotFoundf("no such bulletin")
	}
	return b, nil
}

// Weights are the year's award formula.
func (s *Service) Weights(ctx context.Context, year int) (Weights, error) {
	return s.store.Weights(ctx, year)
}

// SetWeights validates and stores the formula (organizers).
func (s *Service) SetWeights(ctx context.Context, actor account.User, year int, w Weights) (Weights, error) {
	if err := organizer(actor); err != nil {
		return Weights{}, err
	}
	if err := w.Check(); err != nil {
		return Weights{}, err
	}
	if err := s.store.SetWeights(ctx, year, w, actor.ID, s.now().UTC()); err != nil {
		return Weights{}, err
	}
	return w, nil
}

// Ranking is the 优秀组织奖 ranking with its formula.
type Ranking struct {
	Year    int      `json:"year"`
	Weights Weights  `json:"weights"`
	Units   []Ranked `json:"units"`
}

// OrganisationRanking ranks the units by the year's formula (organizers).
func (s *Service) OrganisationRanking(ctx context.Context, actor account.User, year int) (Ranking, error) {
	if err := organizer(actor); err != nil {
		return Ranking{}, err
	}
	w, err := s.store.Weights(ctx, year)
	if err != nil {
		return Ranking{}, err
	}
	if _, err := s.Refresh(ctx, year); err != nil {
		return Ranking{}, err
	}
	from, to := YearRange(year)
	snap, err := s.store.Figures(ctx, from, to, s.now())
	if err != nil {
		return Ranking{}, err
	}
	cs := make([]Components, 0, len(snap.Units))
	for _, u := range snap.Units {
		if u.Staff > 0 {
			cs = append(cs, u.Components())
		}
	}
	return Ranking{Year: year, Weights: w, Units: Rank(cs, w)}, nil
}

// Proposals are the people the data proposes as 标兵 (organizers: all;
// unit heads: their unit's), at most the cap per unit.
func (s *Service) Proposals(ctx context.Context, actor account.User, year int) ([]Candidate, error) {
	if !Organizes(actor) && !actor.Has(account.RoleUnitHead) {
		return nil, errForbidden
	}
	w, err := s.store.Weights(ctx, year)
	if err != nil {
		return nil, err
	}
	people, err := s.store.Candidates(ctx, year)
	if err != nil {
		return nil, err
	}
	out := Propose(people, w.Cap)
	if !Organizes(actor) {
		keep := out[:0]
		for _, c := range out {
			if c.UnitID == actor.UnitID {
				keep = append(keep, c)
			}
		}
		out = keep
	}
	return out, nil
}

// Nominate puts a person forward as 标兵: their unit's head or an organizer,
// within the unit's cap.
func (s *Service) Nominate(ctx context.Context, actor account.User, in NominationInput) (Nomination, error) {
	f := fault.Fields{}
	f.Check(in.Year < 2000 || in.Year > 2100, "year", "must be a year between 2000 and 2100")
	f.Check(in.UserID <= 0, "userId", "choose the person")
	f.Text("reason", in.Reason, 2000, true)
	f.Check(in.Source != "" && in.Source != "unit" && in.Source != "data", "source", "must be unit or data")
	if err := f.Err(); err != nil {
		return Nomination{}, err
	}
	unit, err := s.store.PersonUnit(ctx, in.UserID)
	if err != nil {
		return Nomination{}, fault.InvalidField("userId", "no such active person")
	}
	if !CanSeeUnit(actor, unit) {
		return Nomination{}, errForbidden
	}
	w, err := s.store.Weights(ctx, in.Year)
	if err != nil {
		return Nomination{}, err
	}
	existing, err := s.store.Nominations(ctx, in.Year)
	if err != nil {
		return Nomination{}, err
	}
	for _, e := range existing {
		if e.UserID == in.UserID {
			return e, nil // idempotent: the same person again is the nomination there
		}
	}
	if err := CheckCap(existing, unit, w.Cap); err != nil {
		return Nomination{}, err
	}
	src := in.Source
	if src == "" {
		src = "unit"
	}
	return s.store.CreateNomination(ctx, Nomination{Year: in.Year, UserID: in.UserID, UnitID: unit, Source: src,
		Reason: strings.TrimSpace(in.Reason), Status: "pending", NominatedBy: actor.ID, CreatedAt: s.now().UTC()})
}

// Nominations lists the year's nominations with every decision
// (organizers: all; unit heads: their unit's).
func (s *Service) Nominations(ctx context.Context, actor account.User, year int) ([]Nomination, error) {
	if !Organizes(actor) && !actor.Has(account.RoleUnitHead) {
		return nil, errForbidden
	}
	list, err := s.store.Nominations(ctx, year)
	if err != nil {
		return nil, err
	}
	if !Organizes(actor) {
		keep := list[:0]
		for _, n := range list {
			if n.UnitID == actor.UnitID {
				keep = append(keep, n)
			}
		}
		list = keep
	}
	return list, nil
}

// Decide records a committee member's approval or rejection (organizers
// and admins), with who decided and why; a later decision supersedes.
func (s *Service) Decide(ctx context.Context, actor account.User, id int64, in DecisionInput) (Nomination, error) {
	if err := organizer(actor); err != nil {
		return Nomination{}, err
	}
	f := fault.Fields{}
	f.Text("reason", in.Reason, 2000, !in.Approve)
	if err := f.Err(); err != nil {
		return Nomination{}, err
	}
	if _, err := s.store.Nomination(ctx, id); err != nil {
		return Nomination{}, err
	}
	d := "rejected"
	if in.Approve {
		d = "approved"
	}
	return s.store.Decide(ctx, Decision{NominationID: id, Decision: d, ActorID: actor.ID, Reason: strings.TrimSpace(in.Reason), At: s.now().UTC()})
}

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.now() }

// At returns the service reading another clock. The demo loader uses it to
// record work on the days of the year it was done (what a unit sent in in
// March is dated March); everything else uses the service as built.
func (s *Service) At(now func() time.Time) *Service {
	c := *s
	c.now = now
	return &c
}
