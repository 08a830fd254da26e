package debate

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/fault"
)

// Service runs debate tournaments over a Store.
type Service struct {
	store   Store
	notify  Notifier
	tnotify Notifier // the tournament screens (id: the tournament)
	now     func() time.Time
	seed    func() uint64
}

// NewService returns a service; now and seed may be nil (the clock, a
// time-based seed).
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

// SetTournamentNotifier wires the tournament screens (nil: none).
func (s *Service) SetTournamentNotifier(n Notifier) { s.tnotify = n }

func (s *Service) changed(ctx context.Context, tournamentID, matchID int64, what string) {
	if s.notify != nil {
		s.notify.Changed(ctx, matchID, what)
	}
	s.tournamentChanged(ctx, tournamentID, what)
}

func (s *Service) tournamentChanged(ctx context.Context, tournamentID int64, what string) {
	if s.tnotify != nil {
		s.tnotify.Changed(ctx, tournamentID, what)
	}
}

// Owns reports whether the actor organizes t (its creator, or an admin).
func Owns(t Tournament, a judging.Actor) bool {
	return a.Admin || (a.UserID != 0 && t.OrganizerID == a.UserID)
}

// NewTournament is what an organizer writes.
type NewTournament struct {
	Title       string          `json:"title"`
	Format      *Format         `json:"format,omitempty"` // nil: DefaultFormat
	TieBreakers []string        `json:"tieBreakers,omitempty"`
	Judges      []judging.Judge `json:"judges"`
	PanelSize   int             `json:"panelSize"`
	Prelims     int             `json:"prelims"`
	Break       int             `json:"break"`
}

func (n *NewTournament) normalize() {
	n.Title = strings.TrimSpace(n.Title)
	if n.Format == nil {
		f := DefaultFormat()
		n.Format = &f
	}
	if len(n.TieBreakers) == 0 {
		n.TieBreakers = slices.Clone(DefaultTieBreakers)
	}
	if n.PanelSize == 0 {
		n.PanelSize = 3
	}
	for i := range n.Judges {
		n.Judges[i].Seat = i + 1
	}
}

func (n NewTournament) validate() error {
	fs := fault.Fields{}
	fs.Text("title", n.Title, 100, true)
	if err := n.Format.Validate(); err != nil {
		if fe, ok := fault.As(err); ok {
			for k, v := range fe.Fields {
				fs.Add("format."+k, v)
			}
		}
	}
	if err := CheckTieBreakers(n.TieBreakers); err != nil {
		fs.Add("tieBreakers", "wins, ballots, speaks, h2h, draw, each once")
	}
	fs.Check(len(n.Judges) > judging.MaxPanel, "judges", "at most 60 judges")
	seen := map[int64]bool{}
	for i, j := range n.Judges {
		fs.Check(j.UserID <= 0 || seen[j.UserID], "judges["+itoa(i)+"].userId", "a judge once")
		seen[j.UserID] = true
	}
	fs.Check(n.PanelSize < 1 || n.PanelSize > 15, "panelSize", "1 to 15 judges")
	fs.Check(n.Prelims < 1 || n.Prelims > 12, "prelims", "1 to 12 rounds")
	fs.Check(n.Break != 0 && (n.Break < 2 || n.Break > 64), "break", "0 (no knockout) or 2 to 64 teams")
	if n.Format.Aggregation.Method == judging.MethodTrimmed && n.PanelSize <= 2*n.Format.Aggregation.Trim {
		fs.Add("panelSize", "a trimmed mean needs at least "+itoa(2*n.Format.Aggregation.Trim+1)+" judges")
	}
	return fs.Err()
}

// Create stores a draft tournament organized by the actor.
func (s *Service) Create(ctx context.Context, actor judging.Actor, n NewTournament) (Tournament, error) {
	if !actor.Organizer && !actor.Admin {
		return Tournament{}, fault.Errorf(fault.Forbidden, "only organizers run debate tournaments")
	}
	n.normalize()
	if err := n.validate(); err != nil {
		return Tournament{}, err
	}
	now := s.now().UTC()
	t := Tournament{Title: n.Title, Status: StatusDraft, OrganizerID: actor.UserID, Format: *n.Format, TieBreakers: n.TieBreakers,
		Seed: s.seed(), Judges: n.Judges, PanelSize: n.PanelSize, Prelims: n.Prelims, Break: n.Break, CreatedAt: now, UpdatedAt: now}
	t, err := s.store.CreateTournament(ctx, t)
	if err != nil {
		return Tournament{}, fmt.Errorf("create tournament: %w", err)
	}
	return t, nil
}

// Get returns a tournament.
func (s *Service) Get(ctx context.Context, id int64) (Tournament, error) {
	return s.store.Tournament(ctx, id)
}

// List lists tournaments, newest first.
func (s *Service) List(ctx context.Context) ([]Tournament, error) { return s.store.Tournaments(ctx) }

func (s *Service) owned(ctx context.Context, actor judging.Actor, id int64) (Tournament, error) {
	t, err := s.store.Tournament(ctx, id)
	if err != nil {
		return Tournament{}, err
	}
	if !Owns(t, actor) {
		return Tournament{}, fault.Errorf(fault.Forbidden, "only the tournament's organizer may do this")
	}
	return t, nil
}

// Update replaces the settings. The format, the tie-breakers and the
// number of preliminary rounds are frozen once a round is drawn.
func (s *Service) Update(ctx context.Context, actor judging.Actor, id int64, n NewTournament, version int64) (Tournament, error) {
	t, err := s.owned(ctx, actor, id)
	if err != nil {
		return Tournament{}, err
	}
	if version != 0 && version != t.Version {
		return Tournament{}, fault.Conflictf("the tournament changed meanwhile; reload it")
	}
	if t.Status == StatusFinished {
		return Tournament{}, fault.Conflictf("a finished tournament cannot be edited")
	}
	n.normalize()
	if err := n.validate(); err != nil {
		return Tournament{}, err
	}
	if t.Status != StatusDraft {
		same := fmt.Sprint(*n.Format) == fmt.Sprint(t.Format) && slices.Equal(n.TieBreakers, t.TieBreakers) && n.Prelims == t.Prelims
		if !same {
			return Tournament{}, fault.Conflictf("once a round is drawn the format, tie-breakers and number of rounds are frozen")
		}
	}
	t.Title, t.Format, t.TieBreakers, t.Judges, t.PanelSize, t.Prelims, t.Break = n.Title, *n.Format, n.TieBreakers, n.Judges, n.PanelSize, n.Prelims, n.Break
	t.UpdatedAt = s.now().UTC()
	if err := s.store.UpdateTournament(ctx, t); err != nil {
		return Tournament{}, fmt.Errorf("update tournament: %w", err)
	}
	t.Version++
	s.tournamentChanged(ctx, t.ID, "settings")
	return t, nil
}

// AddTeams adds teams to a draft (e.g. from ParseTeams): names unique,
// one to four debaters each.
func (s *Service) AddTeams(ctx context.Context, actor judging.Actor, id int64, teams []Team) ([]Team, error) {
	t, err := s.owned(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if t.Status != StatusDraft {
		return nil, fault.Conflictf("teams are added before the first round is drawn")
	}
	have, err := s.store.Teams(ctx, id)
	if err != nil {
		return nil, err
	}
	fs := fault.Fields{}
	fs.Check(len(teams) == 0, "teams", "at least one team")
	fs.Check(len(have)+len(teams) > MaxTeams, "teams", "at most "+itoa(MaxTeams)+" teams")
	names := map[string]bool{}
	for _, h := range have {
		names[h.Name] = true
	}
	for i := range teams {
		p := "teams[" + itoa(i) + "]"
		teams[i].Name = strings.TrimSpace(teams[i].Name)
		fs.Text(p+".name", teams[i].Name, 60, true)
		fs.Check(names[teams[i].Name], p+".name", "a team of this name exists")
		names[teams[i].Name] = true
		fs.Check(len(teams[i].Debaters) == 0 || len(teams[i].Debaters) > Debaters, p+".debaters", "1 to 4 debaters")
		for k, d := range teams[i].Debaters {
			teams[i].Debaters[k].Name = strings.TrimSpace(d.Name)
			fs.Text(p+".debaters["+itoa(k)+"].name", teams[i].Debaters[k].Name, 60, true)
		}
	}
	if err := fs.Err(); err != nil {
		return nil, err
	}
	out, err := s.store.AddTeams(ctx, id, teams)
	if err != nil {
		return nil, fmt.Errorf("add teams: %w", err)
	}
	return out, nil
}

// Teams returns a tournament's teams.
func (s *Service) Teams(ctx context.Context, id int64) ([]Team, error) { return s.store.Teams(ctx, id) }

// Withdraw marks a team withdrawn (it keeps its results and is not drawn
// again) or brings it back.
func (s *Service) Withdraw(ctx context.Context, actor judging.Actor, id, teamID int64, withdrawn bool) error {
	if _, err := s.owned(ctx, actor, id); err != nil {
		return err
	}
	if err := s.store.SetWithdrawn(ctx, id, teamID, withdrawn); err != nil {
		return err
	}
	s.tournamentChanged(ctx, id, "withdraw")
	return nil
}

// state is everything a tournament's rules read.
type state struct {
	t       Tournament
	teams   []Team
	byID    map[int64]Team
	rounds  []Round
	matches []Match
	ballots map[int64][]Ballot // by match
}

func (s *Service) load(ctx context.Context, t Tournament) (state, error) {
	st := state{t: t, byID: map[int64]Team{}, ballots: map[int64][]Ballot{}}
	var err error
	if st.teams, err = s.store.Teams(ctx, t.ID); err != nil {
		return state{}, err
	}
	for _, x := range st.teams {
		st.byID[x.ID] = x
	}
	if st.rounds, err = s.store.Rounds(ctx, t.ID); err != nil {
		return state{}, err
	}
	if st.matches, err = s.store.Matches(ctx, t.ID); err != nil {
		return state{}, err
	}
	bs, err := s.store.Ballots(ctx, t.ID)
	if err != nil {
		return state{}, err
	}
	for _, b := range bs {
		st.ballots[b.MatchID] = append(st.ballots[b.MatchID], b)
	}
	return st, nil
}

// outcome decides a match from its ballots, with the organizer's decision
// for a level knockout.
func (st state) outcome(m Match) (Outcome, error) {
	o, err := Decide(st.t.Format, m, st.ballots[m.ID])
	if err != nil {
		return Outcome{}, err
	}
	if o.Winner == "" && m.Decision.Valid() {
		o.Winner, o.DecidedBy = m.Decision, "decision"
	}
	return o, nil
}

// results are the locked preliminary matches and the byes.
func (st state) results() ([]Result, error) { return st.resultsWhere(nil) }

// released says whether a locked match's result counts in what the
// public sees (the screens' standings and speaker ranking): once the
// console showed it, or once a later round is drawn (a round's results
// are out when the next one is paired). Before that, the standings would
// tell the hall the winner ahead of the reveal.
func (st state) released(m Match) bool {
	if CanSeeResult(m, judging.Viewer{}) {
		return true
	}
	for _, r := range st.rounds {
		if r.Number > m.Round {
			return true
		}
	}
	return false
}

// resultsWhere is results, of the matches keep accepts (nil: every
// locked one).
func (st state) resultsWhere(keep func(Match) bool) ([]Result, error) {
	var out []Result
	for _, m := range st.matches {
		if m.Kind != KindPrelim || !m.Locked || (keep != nil && !keep(m)) {
			continue
		}
		o, err := st.outcome(m)
		if err != nil {
			return nil, err
		}
		out = append(out, ResultOf(m, o))
	}
	for _, r := range st.rounds {
		if r.Kind == KindPrelim && r.Draw.Bye != 0 {
			out = append(out, Result{Round: r.Number, Pro: r.Draw.Bye, Bye: true})
		}
	}
	return out, nil
}

func (st state) lastRound() (Round, bool) {
	if len(st.rounds) == 0 {
		return Round{}, false
	}
	return st.rounds[len(st.rounds)-1], true
}

func (st state) roundDone(n int) error {
	for _, m := range st.matches {
		if m.Round == n && !m.Locked {
			return fault.Conflictf("round %d is not finished: lock every match first", n)
		}
	}
	return nil
}

func lineup(t Team) [Debaters]int64 {
	var l [Debaters]int64
	for i, d := range t.Debaters {
		if i < Debaters {
			l[i] = d.ID
		}
	}
	return l
}

func (st state) load() map[int64]int {
	out := map[int64]int{}
	for _, m := range st.matches {
		for _, j := range m.Judges {
			out[j]++
		}
	}
	return out
}

func (s *Service) newMatches(st state, r Round, pairs [][2]int64, slots []int) ([]Match, []PanelNote) {
	ms := make([]Match, len(pairs))
	for i, p := range pairs {
		ms[i] = Match{TournamentID: st.t.ID, Round: r.Number, Kind: r.Kind, Pro: p[0], Con: p[1], Motion: r.Motion,
			Lineup: map[Side][Debaters]int64{Pro: lineup(st.byID[p[0]]), Con: lineup(st.byID[p[1]])}, Live: Live{Stage: -1}}
		if slots != nil {
			ms[i].Slot = slots[i]
		}
	}
	panels, notes := AssignPanels(ms, st.t.Judges, st.t.PanelSize, st.byID, st.load(), st.t.Seed^uint64(r.Number))
	for i := range ms {
		ms[i].Judges = panels[i]
		if ms[i].Judges == nil {
			ms[i].Judges = []int64{}
		}
	}
	return ms, notes
}

func checkMotion(motion string) (string, error) {
	motion = strings.TrimSpace(motion)
	fs := fault.Fields{}
	fs.Text("motion", motion, 200, true)
	return motion, fs.Err()
}

// DrawRound draws the next preliminary round: a seeded shuffle first,
// then power pairing (MakeDraw), and seats the panels (AssignPanels). The
// previous round must be locked. seed 0 picks a fresh one.
func (s *Service) DrawRound(ctx context.Context, actor judging.Actor, id int64, motion string, seed uint64) (Round, []Match, error) {
	t, err := s.owned(ctx, actor, id)
	if err != nil {
		return Round{}, nil, err
	}
	if motion, err = checkMotion(motion); err != nil {
		return Round{}, nil, err
	}
	st, err := s.load(ctx, t)
	if err != nil {
		return Round{}, nil, err
	}
	n := 1
	if last, ok := st.lastRound(); ok {
		if last.Kind == KindKnockout {
			return Round{}, nil, fault.Conflictf("the knockout has begun: no more preliminary rounds")
		}
		if err := st.roundDone(last.Number); err != nil {
			return Round{}, nil, err
		}
		n = last.Number + 1
	}
	if n > t.Prelims {
		return Round{}, nil, fault.Conflictf("all %d preliminary rounds are drawn", t.Prelims)
	}
	history, err := st.results()
	if err != nil {
		return Round{}, nil, err
	}
	if seed == 0 {
		seed = s.seed()
	}
	d, err := MakeDraw(st.teams, history, n, seed)
	if err != nil {
		return Round{}, nil, err
	}
	r := Round{TournamentID: id, Number: n, Kind: KindPrelim, Motion: motion, Draw: d, At: s.now().UTC()}
	pairs := make([][2]int64, len(d.Pairings))
	for i, p := range d.Pairings {
		pairs[i] = [2]int64{p.Pro, p.Con}
	}
	ms, notes := s.newMatches(st, r, pairs, nil)
	r.Panels = notes
	r, ms, err = s.store.SaveRound(ctx, r, ms)
	if err != nil {
		return Round{}, nil, fmt.Errorf("save round: %w", err)
	}
	s.tournamentChanged(ctx, id, "round")
	return r, ms, nil
}

// Knockout draws the next knockout round: the first is seeded from the
// standings (Bracket over the top Break teams; top seeds take the byes),
// each later one pairs the winners (Advance). Every preliminary round
// must be drawn and locked.
func (s *Service) Knockout(ctx context.Context, actor judging.Actor, id int64, motion string) (Round, []Match, error) {
	t, err := s.owned(ctx, actor, id)
	if err != nil {
		return Round{}, nil, err
	}
	if motion, err = checkMotion(motion); err != nil {
		return Round{}, nil, err
	}
	if t.Break < 2 {
		return Round{}, nil, fault.Conflictf("this tournament has no knockout")
	}
	st, err := s.load(ctx, t)
	if err != nil {
		return Round{}, nil, err
	}
	last, ok := st.lastRound()
	if !ok {
		return Round{}, nil, fault.Conflictf("the preliminary rounds come first")
	}
	if err := st.roundDone(last.Number); err != nil {
		return Round{}, nil, err
	}
	var bracket []BracketMatch
	if last.Kind == KindPrelim {
		if last.Number < t.Prelims {
			return Round{}, nil, fault.Conflictf("the knockout follows all %d preliminary rounds", t.Prelims)
		}
		table, err := st.table()
		if err != nil {
			return Round{}, nil, err
		}
		var seeds []int64
		for _, r := range table.Rows {
			if !r.Withdrawn && len(seeds) < t.Break {
				seeds = append(seeds, r.TeamID)
			}
		}
		if bracket, err = Bracket(seeds); err != nil {
			return Round{}, nil, err
		}
	} else {
		if len(last.Bracket) < 2 {
			return Round{}, nil, fault.Conflictf("the final is drawn: the knockout is complete")
		}
		winners := map[int]int64{}
		for _, m := range st.matches {
			if m.Round != last.Number {
				continue
			}
			o, err := st.outcome(m)
			if err != nil {
				return Round{}, nil, err
			}
			if o.Winner.Valid() {
				winners[m.Slot] = m.Team(o.Winner)
			}
		}
		if bracket, err = Advance(last.Bracket, winners); err != nil {
			return Round{}, nil, err
		}
	}
	r := Round{TournamentID: id, Number: last.Number + 1, Kind: KindKnockout, Motion: motion, Bracket: bracket, At: s.now().UTC(), Draw: Draw{Round: last.Number + 1, Pairings: []Pairing{}}}
	var pairs [][2]int64
	var slots []int
	for i, b := range bracket {
		if b.B == 0 {
			continue // a bye: the seed goes through
		}
		pairs = append(pairs, [2]int64{b.A, b.B})
		slots = append(slots, i)
		r.Draw.Pairings = append(r.Draw.Pairings, Pairing{Pro: b.A, Con: b.B})
	}
	ms, notes := s.newMatches(st, r, pairs, slots)
	r.Panels = notes
	r, ms, err = s.store.SaveRound(ctx, r, ms)
	if err != nil {
		return Round{}, nil, fmt.Errorf("save knockout round: %w", err)
	}
	s.tournamentChanged(ctx, id, "round")
	return r, ms, nil
}

// Table is the standings and the speaker rankings, with names.
type Table struct {
	TieBreakers []string      `json:"tieBreakers"`
	Rows        []TableRow    `json:"rows"`
	Speakers    []SpeakerLine `json:"speakers"`
	Best        int64         `json:"best,omitempty"` // the best debater of the tournament
	Rounds      int           `json:"rounds"`         // preliminary rounds fully judged
}

// TableRow is a standings row with the team's name.
type TableRow struct {
	Row
	Name   string `json:"name"`
	UnitID int64  `json:"unitId"`
}

// SpeakerLine is a speaker ranking row with names.
type SpeakerLine struct {
	SpeakerRow
	Name string `json:"name"`
	Team string `json:"team"`
}

func (st state) table() (Table, error) { return st.tableOf(nil) }

// publicTable is the table of the released results only (released).
func (st state) publicTable() (Table, error) { return st.tableOf(st.released) }

// tableFor is the table v may see: everything for the organizer, the
// released results for anyone else.
func (st state) tableFor(v judging.Viewer) (Table, error) {
	if v.Organizer {
		return st.table()
	}
	return st.publicTable()
}

func (st state) tableOf(keep func(Match) bool) (Table, error) {
	results, err := st.resultsWhere(keep)
	if err != nil {
		return Table{}, err
	}
	rows, err := Standings(st.teams, results, st.t.TieBreakers, st.t.Seed)
	if err != nil {
		return Table{}, err
	}
	out := Table{TieBreakers: st.t.TieBreakers, Rows: make([]TableRow, len(rows)), Speakers: []SpeakerLine{}}
	for i, r := range rows {
		out.Rows[i] = TableRow{Row: r, Name: st.byID[r.TeamID].Name, UnitID: st.byID[r.TeamID].UnitID}
	}
	names := map[int64]string{}
	for _, x := range st.teams {
		for _, d := range x.Debaters {
			names[d.ID] = d.Name
		}
	}
	sp := Speakers(results)
	for _, r := range sp {
		out.Speakers = append(out.Speakers, SpeakerLine{SpeakerRow: r, Name: names[r.DebaterID], Team: st.byID[r.TeamID].Name})
	}
	out.Best = BestOfTournament(sp)
	done := map[int]bool{}
	for _, r := range st.rounds {
		if r.Kind == KindPrelim {
			done[r.Number] = st.roundDone(r.Number) == nil
		}
	}
	for _, ok := range done {
		if ok {
			out.Rounds++
		}
	}
	return out, nil
}

// Standings returns the standings and speaker rankings (every locked
// match: the organizer's).
func (s *Service) Standings(ctx context.Context, id int64) (Table, error) {
	return s.StandingsFor(ctx, id, judging.Viewer{Organizer: true})
}

// StandingsFor returns the standings v may see (tableFor): before a
// match's result is released, only the organizer's count it.
func (s *Service) StandingsFor(ctx context.Context, id int64, v judging.Viewer) (Table, error) {
	t, err := s.store.Tournament(ctx, id)
	if err != nil {
		return Table{}, err
	}
	st, err := s.load(ctx, t)
	if err != nil {
		return Table{}, err
	}
	return st.tableFor(v)
}

// MatchView is a match with its outcome, for the organizer.
type MatchView struct {
	Match
	Submitted []int64  `json:"submitted"` // judges who submitted
	Outcome   *Outcome `json:"outcome,omitempty"`
}

// Overview is the organizer's page: the tournament, teams, rounds,
// matches with their outcomes, and the table.
type Overview struct {
	Tournament Tournament  `json:"tournament"`
	Teams      []Team      `json:"teams"`
	Rounds     []Round     `json:"rounds"`
	Matches    []MatchView `json:"matches"`
	Table      Table       `json:"table"`
}

// Overview returns the organizer's page.
func (s *Service) Overview(ctx context.Context, actor judging.Actor, id int64) (Overview, error) {
	t, err := s.owned(ctx, actor, id)
	if err != nil {
		return Overview{}, err
	}
	st, err := s.load(ctx, t)
	if err != nil {
		return Overview{}, err
	}
	tb, err := st.table()
	if err != nil {
		return Overview{}, err
	}
	out := Overview{Tournament: t, Teams: st.teams, Rounds: st.rounds, Matches: make([]MatchView, 0, len(st.matches)), Table: tb}
	for _, m := range st.matches {
		v := MatchView{Match: m, Submitted: []int64{}}
		for _, b := range st.ballots[m.ID] {
			v.Submitted = append(v.Submitted, b.JudgeID)
		}
		if len(st.ballots[m.ID]) > 0 {
			if o, err := st.outcome(m); err == nil {
				v.Outcome = &o
			}
		}
		out.Matches = append(out.Matches, v)
	}
	slices.SortStableFunc(out.Matches, func(a, b MatchView) int { return cmp.Compare(a.Round, b.Round) })
	return out, nil
}
