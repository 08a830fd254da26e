package api

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/quiz/appraisal"
	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
)

// appraisalUploaders may call the upload route: organizers, and unit
// heads for the documents of their own unit (the service checks which).
var appraisalUploaders = []account.Role{account.RoleAdmin, account.RoleOrganizer, account.RoleUnitHead}

// documentUploadPath is the one route whose body may exceed maxUploadBody
// (up to maxDocumentBody), streamed to disk by its handler: boundBody
// holds every other route's body to maxUploadBody.
const documentUploadPath = "/api/v1/appraisal/contests/:id/entries/:entry/files"

// bodyLimit is the most a request's body may hold.
func bodyLimit(method, path string) int {
	if method == fiber.MethodPost && streamsBody(path) {
		return maxDocumentBody
	}
	return maxUploadBody
}

func uploader(u account.User) appraisal.Uploader {
	up := appraisal.Uploader{Actor: judgeActor(u)}
	if u.Has(account.RoleUnitHead) {
		up.HeadOf = u.UnitID
	}
	return up
}

// newAppraisal starts an appraisal with the shipped standard.
type newAppraisal struct {
	Title string          `json:"title"`
	Panel []judging.Judge `json:"panel"`
}

type reassignBody struct {
	JudgeID int64 `json:"judgeId"`
}

type bulletinBody struct {
	Title    string              `json:"title"`
	Sections []appraisal.Section `json:"sections"`
	Version  int                 `json:"version"`
	Publish  bool                `json:"publish,omitempty"`
}

func (s *server) createAppraisal(c *fiber.Ctx) error {
	if err := s.needAppraisal(); err != nil {
		return err
	}
	return withActorBody(c, fiber.StatusCreated, func(ctx context.Context, u account.User, in newAppraisal) (judging.Contest, error) {
		return s.Appraisal.Create(ctx, judgeActor(u), in.Title, in.Panel)
	})
}

func (s *server) appraisalAssignment(c *fiber.Ctx) error {
	if err := s.needAppraisal(); err != nil {
		return err
	}
	return withActorID(c, func(ctx context.Context, u account.User, id int64) (appraisal.AssignmentView, error) {
		return s.Appraisal.Assignments(ctx, judgeActor(u), id)
	})
}

func (s *server) reassignAppraisal(c *fiber.Ctx) error {
	if err := s.needAppraisal(); err != nil {
		return err
	}
	return withActorIDBody(c, fiber.StatusOK, func(ctx context.Context, u account.User, id int64, in reassignBody) (appraisal.Assignment, error) {
		return s.Appraisal.Reassign(ctx, judgeActor(u), id, in.JudgeID)
	})
}

func (s *server) appraisalStandards(c *fiber.Ctx) error {
	if err := s.needAppraisal(); err != nil {
		return err
	}
	return withActorID(c, func(ctx context.Context, u account.User, id int64) (appraisal.History, error) {
		return s.Appraisal.Standards(ctx, judgeActor(u), id)
	})
}

func (s *server) reviseStandard(c *fiber.Ctx) error {
	if err := s.needAppraisal(); err != nil {
		return err
	}
	return withActorIDBody(c, fiber.StatusCreated, func(ctx context.Context, u account.User, id int64, in appraisal.Standard) (appraisal.Standard, error) {
		return s.Appraisal.ReviseStandard(ctx, judgeActor(u), id, in)
	})
}

func (s *server) unitAppraisals(c *fiber.Ctx) error {
	if err := s.needAppraisal(); err != nil {
		return err
	}
	out, err := s.Appraisal.ForUnit(c.UserContext(), uploader(currentUser(c)))
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *server) appraisalBulletin(c *fiber.Ctx) error {
	if err := s.needAppraisal(); err != nil {
		return err
	}
	return withActorID(c, func(ctx context.Context, u account.User, id int64) (appraisal.Bulletin, error) {
		return s.Appraisal.Bulletin(ctx, judgeActor(u), id)
	})
}

func (s *server) redraftBulletin(c *fiber.Ctx) error {
	if err := s.needAppraisal(); err != nil {
		return err
	}
	return withActorID(c, func(ctx context.Context, u account.User, id int64) (appraisal.Bulletin, error) {
		return s.Appraisal.Redraft(ctx, judgeActor(u), id)
	})
}

func (s *server) saveBulletin(c *fiber.Ctx) error {
	if err := s.needAppraisal(); err != nil {
		return err
	}
	return withActorIDBody(c, fiber.StatusOK, func(ctx context.Context, u account.User, id int64, in bulletinBody) (appraisal.Bulletin, error) {
		if in.Version < 0 {
			return appraisal.Bulletin{}, fault.InvalidField("version", "the version you read")
		}
		return s.Appraisal.SaveBulletin(ctx, judgeActor(u), id, in.Title, in.Sections, in.Version, in.Publish)
	})
}
