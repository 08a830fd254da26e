package courses

import (
	"context"

	"github.com/weishi-dev/weishi/server/account"
)

// IssuePreview says, before certificates are issued, how many people of a
// class qualify and why the others do not, so the confirmation can say
// what will happen (and, when nobody qualifies, why).
type IssuePreview struct {
	People    int  `json:"people"`    // enrolled in the class's batches
	Eligible  int  `json:"eligible"`  // complete and without a certificate yet
	Issued    int  `json:"issued"`    // already hold one
	LowAttend int  `json:"lowAttend"` // attendance under the threshold
	QuizOpen  int  `json:"quizOpen"`  // attendance enough, quiz not passed
	Threshold int  `json:"threshold"` // percent of sessions to attend
	Quiz      bool `json:"quiz"`      // a post-class quiz is required
}

// PreviewIssue counts who would receive a certificate now; it writes nothing.
func (s *Service) PreviewIssue(ctx context.Context, actor account.User, classID int64) (IssuePreview, error) {
	c, err := s.store.Class(ctx, classID)
	if err != nil {
		return IssuePreview{}, err
	}
	if !mayManage(actor, c) {
		return IssuePreview{}, errNotOrganizer
	}
	out := IssuePreview{Threshold: c.Threshold, Quiz: c.PaperID != nil && s.quiz != nil}
	people, err := s.store.ClassPeople(ctx, classID)
	if err != nil {
		return out, err
	}
	out.People = len(people)
	for _, u := range people {
		p, err := s.progressIn(ctx, c, u)
		if err != nil {
			return out, err
		}
		held, err := s.holds(ctx, u, classID)
		if err != nil {
			return out, err
		}
		switch {
		case held:
			out.Issued++
		case p.Complete:
			out.Eligible++
		case !Completed(p.Sessions, p.Attended, c.Threshold, false, true):
			out.LowAttend++
		default:
			out.QuizOpen++
		}
	}
	return out, nil
}

func (s *Service) holds(ctx context.Context, userID, classID int64) (bool, error) {
	certs, err := s.store.Certificates(ctx, userID)
	if err != nil {
		return false, err
	}
	for _, c := range certs {
		if c.ClassID == classID {
			return true, nil
		}
	}
	return false, nil
}
