package quiz

import (
	"context"
	"math"
	"sort"
	"time"
)

// The retention curve per law (记忆保持曲线): from the log of real notebook
// reviews, the share recalled against the days elapsed since the entry's
// previous review, beside the recall FSRS predicted for those same reviews.
// The store logs a review each time a person answers a question already in
// their notebook (RecordResults); a first wrong answer is no review.

// ReviewLog is one logged notebook review.
type ReviewLog struct {
	UserID     int64     `json:"userId"`
	QuestionID int64     `json:"questionId"`
	LawID      int64     `json:"lawId"`
	Elapsed    int       `json:"elapsedDays"`  // whole days since the previous review
	Interval   int       `json:"intervalDays"` // the interval the scheduler had set
	Predicted  float64   `json:"predicted"`    // FSRS recall probability at this review
	Recalled   bool      `json:"recalled"`
	At         time.Time `json:"at"`
}

// NewReview is the log entry of a review of card c (its state before the
// review) answered at now; ok is false when c was never reviewed.
func NewReview(userID, questionID, lawID int64, c Card, recalled bool, now time.Time) (ReviewLog, bool) {
	if c.Reps == 0 || c.LastReview == nil || c.Stability <= 0 {
		return ReviewLog{}, false
	}
	elapsed := max(0, int(math.Floor(now.Sub(*c.LastReview).Hours()/24)))
	return ReviewLog{UserID: userID, QuestionID: questionID, LawID: lawID, Elapsed: elapsed, Interval: c.Interval,
		Predicted: round3(Retrievability(float64(elapsed), c.Stability)), Recalled: recalled, At: now.UTC()}, true
}

// ReviewCount is the log summed over one law and one elapsed day: the
// store's aggregate, so that the curve never reads the whole log.
type ReviewCount struct {
	LawID     int64   `json:"lawId"`
	LawName   string  `json:"lawName"`
	Elapsed   int     `json:"elapsedDays"`
	Reviews   int     `json:"reviews"`
	Recalled  int     `json:"recalled"`
	Predicted float64 `json:"predicted"` // the sum of the predicted recall
}

// RetentionBins are the elapsed-day bins of the curve: [From, To] days.
var RetentionBins = []RetentionBin{{0, 1}, {2, 3}, {4, 6}, {7, 13}, {14, 29}, {30, 59}, {60, 119}, {120, math.MaxInt32}}

// RetentionBin is a range of elapsed days, both ends included.
type RetentionBin struct {
	From int `json:"from"`
	To   int `json:"to"`
}

// RetentionPoint is one bin of a law's curve; Observed and Predicted are
// nil where the bin has no review.
type RetentionPoint struct {
	RetentionBin
	Reviews   int      `json:"reviews"`
	Observed  *float64 `json:"observed"`
	Predicted *float64 `json:"predicted"`
}

// LawRetention is the retention curve of one law.
type LawRetention struct {
	LawID    int64            `json:"lawId"`
	LawName  string           `json:"lawName"`
	Reviews  int              `json:"reviews"`
	Recalled int              `json:"recalled"`
	Points   []RetentionPoint `json:"points"`
}

// Retention is the statistics' retention curves, laws with most reviews first.
type Retention struct {
	Bins []RetentionBin `json:"bins"`
	Laws []LawRetention `json:"laws"`
}

// RetentionCurves bins the counts per law. Counts of a law without a name
// (a question without citation) go under LawID 0.
func RetentionCurves(counts []ReviewCount) Retention {
	out := Retention{Bins: RetentionBins, Laws: []LawRetention{}}
	type acc struct {
		reviews, recalled int
		predicted         float64
	}
	byLaw := map[int64]*LawRetention{}
	sums := map[int64][]acc{}
	for _, c := range counts {
		if c.Reviews <= 0 {
			continue
		}
		l, ok := byLaw[c.LawID]
		if !ok {
			l = &LawRetention{LawID: c.LawID, LawName: c.LawName}
			byLaw[c.LawID] = l
			sums[c.LawID] = make([]acc, len(RetentionBins))
		}
		i := binOf(c.Elapsed)
		s := &sums[c.LawID][i]
		s.reviews += c.Reviews
		s.recalled += c.Recalled
		s.predicted += c.Predicted
		l.Reviews += c.Reviews
		l.Recalled += c.Recalled
	}
	for id, l := range byLaw {
		l.Points = make([]RetentionPoint, len(RetentionBins))
		for i, s := range sums[id] {
			p := RetentionPoint{RetentionBin: RetentionBins[i], Reviews: s.reviews}
			if s.reviews > 0 {
				o, pr := round3(float64(s.recalled)/float64(s.reviews)), round3(s.predicted/float64(s.reviews))
				p.Observed, p.Predicted = &o, &pr
			}
			l.Points[i] = p
		}
		out.Laws = append(out.Laws, *l)
	}
	sort.Slice(out.Laws, func(i, j int) bool {
		a, b := out.Laws[i], out.Laws[j]
		if a.Reviews != b.Reviews {
			return a.Reviews > b.Reviews
		}
		return a.LawID < b.LawID
	})
	return out
}

func binOf(elapsed int) int {
	for i, b := range RetentionBins {
		if elapsed <= b.To {
			return i
		}
	}
	return len(RetentionBins) - 1
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// Retention is the retention curves of one person's reviews (userID), or
// of everyone's (userID 0, for organizers).
func (s *Service) Retention(ctx context.Context, userID int64) (Retention, error) {
	counts, err := s.store.ReviewCounts(ctx, userID)
	if err != nil {
		return Retention{}, err
	}
	return RetentionCurves(counts), nil
}
