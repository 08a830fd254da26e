package debate

import (
	"context"
	"time"

	"github.com/weishi-dev/weishi/quiz/judging"
)

// Status of a tournament.
type Status string

const (
	StatusDraft    Status = "draft"    // teams and settings; nothing drawn
	StatusRunning  Status = "running"  // rounds are drawn and judged
	StatusFinished Status = "finished" // the final is locked
)

// Round kinds.
const (
	KindPrelim   = "prelim"   // power-paired preliminary round
	KindKnockout = "knockout" // a bracket round seeded from the standings
)

// Tournament is a debate tournament as stored.
type Tournament struct {
	ID          int64  `json:"id"`
	Title       string `json:"title"`
	Status      Status `json:"status"`
	OrganizerID int64  `json:"organizerId"`
	Format      Format `json:"format"`
	// TieBreakers is the standings' order (default DefaultTieBreakers).
	TieBreakers []string `json:"tieBreakers"`
	// Seed is the tournament's lot (抽签): the standings' last tie-break.
	Seed uint64 `json:"seed,string"`
	// Judges is the pool panels are drawn from (unit for recusal).
	Judges    []judging.Judge `json:"judges"`
	PanelSize int             `json:"panelSize"`
	// Prelims is the number of preliminary rounds; Break how many teams
	// the knockout takes (2: a final).
	Prelims   int       `json:"prelims"`
	Break     int       `json:"break"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// Judge returns a judge of the pool.
func (t Tournament) Judge(userID int64) (judging.Judge, bool) {
	for _, j := range t.Judges {
		if j.UserID == userID {
			return j, true
		}
	}
	return judging.Judge{}, false
}

// Round is a drawn round: its draw (with the notes that explain it), the
// bye, the panel notes and, for a knockout, its bracket.
type Round struct {
	TournamentID int64          `json:"tournamentId"`
	Number       int            `json:"number"`
	Kind         string         `json:"kind"`
	Motion       string         `json:"motion"`
	Draw         Draw           `json:"draw"`
	Panels       []PanelNote    `json:"panels,omitempty"`
	Bracket      []BracketMatch `json:"bracket,omitempty"`
	At           time.Time      `json:"at"`
}

// Live is a match's live state, set from the match console.
type Live struct {
	// Stage is the index of the current stage (-1: not started; len: done).
	Stage     int       `json:"stage"`
	StartedAt time.Time `json:"startedAt,omitzero"` // the stage timer's start (zero: stopped)
	// Elapsed is the time run before StartedAt (a paused timer), in ms.
	Elapsed int64       `json:"elapsed"`
	Clock   *ChessClock `json:"clock,omitempty"` // free debate
	// Revealed is how many ballots (评委1…n in panel order) the screen shows.
	Revealed  int  `json:"revealed"`
	Result    bool `json:"result,omitempty"`    // the screen shows the result and the best debater
	Standings bool `json:"standings,omitempty"` // the screen shows the standings
}

// Store keeps debate tournaments. It is implemented by server/sqlstore;
// every write is one transaction.
type Store interface {
	// CreateTournament stores t with its ID set (Version 1).
	CreateTournament(ctx context.Context, t Tournament) (Tournament, error)
	// Tournament returns a tournament, or fault.NotFound.
	Tournament(ctx context.Context, id int64) (Tournament, error)
	// Tournaments lists tournaments, newest first.
	Tournaments(ctx context.Context) ([]Tournament, error)
	// UpdateTournament replaces title, status, settings when the stored
	// version is t.Version and stores Version+1; fault.Conflict when it
	// moved, fault.NotFound.
	UpdateTournament(ctx context.Context, t Tournament) error

	// AddTeams stores teams (and their debaters) of a draft tournament
	// and returns them with IDs; fault.Conflict for a name already taken
	// or a tournament out of draft; nothing is written then.
	AddTeams(ctx context.Context, tournamentID int64, teams []Team) ([]Team, error)
	// Teams returns the teams by ID, debaters in speaking order.
	Teams(ctx context.Context, tournamentID int64) ([]Team, error)
	// SetWithdrawn marks a team withdrawn (or back); fault.NotFound.
	SetWithdrawn(ctx context.Context, tournamentID, teamID int64, withdrawn bool) error

	// SaveRound stores a round with its matches (IDs set) and sets the
	// tournament running, in one transaction; fault.Conflict when the
	// round number exists.
	SaveRound(ctx context.Context, r Round, matches []Match) (Round, []Match, error)
	// Rounds returns the rounds in order.
	Rounds(ctx context.Context, tournamentID int64) ([]Round, error)
	// Matches returns every match of a tournament (round, then ID).
	Matches(ctx context.Context, tournamentID int64) ([]Match, error)
	// Match returns one match, or fault.NotFound.
	Match(ctx context.Context, id int64) (Match, error)
	// UpdateMatch replaces the panel, live state, lock and decision when
	// the stored version is m.Version (Version+1 stored); fault.Conflict
	// when it moved, fault.NotFound.
	UpdateMatch(ctx context.Context, m Match) error

	// SaveBallot stores a judge's first ballot of an unlocked match and
	// bumps the match's version, in one transaction: fault.Conflict when
	// the judge's ballot exists or the match is locked.
	SaveBallot(ctx context.Context, tournamentID int64, b Ballot) error
	// Ballot returns a judge's ballot, or fault.NotFound.
	Ballot(ctx context.Context, matchID, judgeID int64) (Ballot, error)
	// Ballots returns every ballot of a tournament (match, then judge).
	Ballots(ctx context.Context, tournamentID int64) ([]Ballot, error)
	// MatchBallots returns a match's ballots by judge.
	MatchBallots(ctx context.Context, matchID int64) ([]Ballot, error)
	// RecordMatch is UpdateMatch and the audit entry e, in one
	// transaction (fault.Conflict when the match moved: nothing written).
	RecordMatch(ctx context.Context, m Match, e AuditEntry) error
	// ReopenBallot deletes a judge's ballot of an unlocked match, bumps the
	// match's version and stores e, in one transaction: fault.NotFound
	// without that ballot, fault.Conflict when the match is locked.
	ReopenBallot(ctx context.Context, matchID, judgeID int64, e AuditEntry) error
	// Audit returns a tournament's audit trail, oldest first.
	Audit(ctx context.Context, tournamentID int64) ([]AuditEntry, error)
	// SaveDraft keeps (replaces) a judge's draft ballot; SaveBallot
	// deletes it in its transaction.
	SaveDraft(ctx context.Context, tournamentID int64, b Ballot) error
	// Draft returns a judge's draft, or fault.NotFound.
	Draft(ctx context.Context, matchID, judgeID int64) (Ballot, error)
	// TournamentChanges grows with every change of the tournament, its
	// rounds and its matches (the tournament screen's counter).
	TournamentChanges(ctx context.Context, tournamentID int64) (int64, error)
	// Changes grows with every change a match's board shows (the
	// tournament's version plus the match's).
	Changes(ctx context.Context, matchID int64) (int64, error)
}

// Notifier hears of every committed change of a match, after the commit.
type Notifier interface {
	Changed(ctx context.Context, matchID int64, what string)
}
