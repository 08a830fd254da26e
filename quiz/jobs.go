package quiz

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/safe"
)

// Import jobs run a question-file check or import in the background and
// report their progress, so the import wizard can show a real progress bar
// for a 10,000-question file. Their state lives in the memory of the
// instance that runs them; the HTTP edge copies it to the shared store
// (Redis) so that a poll reaching another instance is answered too.

// JobState is where a job is.
type JobState string

const (
	JobRunning JobState = "running"
	JobDone    JobState = "done"
	JobFailed  JobState = "failed"
)

// Job phases, in order.
const (
	PhaseReading  = "reading"  // parsing the file
	PhaseChecking = "checking" // checking rows and near duplicates
	PhaseWriting  = "writing"  // the one all-or-nothing transaction
)

// Job is what a poll sees.
type Job struct {
	ID      string   `json:"id"`
	OwnerID int64    `json:"-"`
	Kind    string   `json:"kind"` // preview or import
	State   JobState `json:"state"`
	Phase   string   `json:"phase"`
	// Done of Total rows in the current phase; Total is 0 while unknown.
	Done       int        `json:"done"`
	Total      int        `json:"total"`
	StartedAt  time.Time  `json:"startedAt"`
	FinishedAt *time.Time `json:"finishedAt,omitempty"`
	// Result is the report (preview) or ImportResult (import) when done.
	Result any `json:"result,omitempty"`
	// Err is the failure, answered by the poll as the synchronous endpoint would.
	Err error `json:"-"`
}

// Jobs holds the running and recently finished jobs of one instance.
type Jobs struct {
	mu      sync.Mutex
	jobs    map[string]*Job
	clock   func() time.Time
	newID   func() string
	keep    time.Duration
	maxRuns int
	guard   *safe.Guard
}

// NewJobs returns a registry that keeps finished jobs for keep and runs at
// most maxRuns at once. newID must return unguessable unique ids. A panic
// in a job's work is recovered by guard (nil: logged to standard error)
// and ends the job as failed with ErrJobPanicked.
func NewJobs(clock func() time.Time, newID func() string, keep time.Duration, maxRuns int, guard *safe.Guard) *Jobs {
	return &Jobs{jobs: map[string]*Job{}, clock: clock, newID: newID, keep: keep, maxRuns: maxRuns, guard: guard}
}

// ErrJobPanicked is the failure of a job whose work panicked; it wraps the
// *safe.Panic. The stack went to the log; the owner is told the job failed.
var ErrJobPanicked = &fault.Error{Code: fault.Internal, Message: "the import stopped on an internal error; nothing was imported"}

type jobPanic struct{ p *safe.Panic }

func (e jobPanic) Error() string   { return e.p.Error() }
func (e jobPanic) Unwrap() []error { return []error{ErrJobPanicked, e.p} }

// Progress reports how far a job has got.
type Progress func(phase string, done, total int)

type progressKey struct{}

// WithProgress attaches a progress reporter to ctx; the import steps call it.
func WithProgress(ctx context.Context, p Progress) context.Context {
	return context.WithValue(ctx, progressKey{}, p)
}

// ReportProgress tells the job running under ctx, if any, how far it has
// got; stores call it from long writes.
func ReportProgress(ctx context.Context, phase string, done, total int) {
	if p, ok := ctx.Value(progressKey{}).(Progress); ok && p != nil {
		p(phase, done, total)
	}
}

// Start runs work in a goroutine as a job of owner. It refuses with
// fault.RateLimited when maxRuns jobs are already running. The work gets
// ctx with a progress reporter bound to the job.
func (j *Jobs) Start(ctx context.Context, ownerID int64, kind string, work func(ctx context.Context) (any, error)) (Job, error) {
	j.mu.Lock()
	j.sweepLocked()
	running := 0
	for _, x := range j.jobs {
		if x.State == JobRunning {
			running++
		}
	}
	if running >= j.maxRuns {
		j.mu.Unlock()
		return Job{}, &fault.Error{Code: fault.RateLimited, Message: "too many imports are running; try again shortly", RetryAfter: 5 * time.Second}
	}
	job := &Job{ID: j.newID(), OwnerID: ownerID, Kind: kind, State: JobRunning, Phase: PhaseReading, StartedAt: j.clock()}
	j.jobs[job.ID] = job
	snap := *job
	j.mu.Unlock()

	ctx = WithProgress(ctx, func(phase string, done, total int) {
		j.mu.Lock()
		job.Phase, job.Done, job.Total = phase, done, total
		j.mu.Unlock()
	})
	j.guard.Go("quiz.import", func() {
		var res any
		err := j.guard.Run("quiz.import", func() (err error) {
			res, err = work(ctx)
			return err
		})
		var p *safe.Panic
		if errors.As(err, &p) {
			err = jobPanic{p}
		}
		j.mu.Lock()
		defer j.mu.Unlock()
		now := j.clock()
		job.FinishedAt = &now
		if err != nil {
			job.State, job.Err = JobFailed, err
			return
		}
		job.State, job.Result = JobDone, res
		job.Done = job.Total
	})
	return snap, nil
}

// Get returns a copy of a job of owner; fault.NotFound for another's job
// or one that has expired.
func (j *Jobs) Get(ownerID int64, id string) (Job, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.sweepLocked()
	job, ok := j.jobs[id]
	if !ok || job.OwnerID != ownerID {
		return Job{}, fault.NotFoundf("import job not found")
	}
	return *job, nil
}

func (j *Jobs) sweepLocked() {
	now := j.clock()
	for id, x := range j.jobs {
		if x.FinishedAt != nil && now.Sub(*x.FinishedAt) > j.keep {
			delete(j.jobs, id)
		}
	}
}
