package api

import (
	"context"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/quiz/appraisal"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
)

// assignBody asks for an assignment: k judges per document, and a seed
// (a decimal string; empty: drawn by the server and recorded).
type assignBody struct {
	K    int    `json:"k"`
	Seed string `json:"seed,omitempty"`
}

// appraisalAssign is the stored assignment with each judge's load and every
// recusal, for the assignment screen.
type appraisalAssign struct {
	Assignment appraisal.Assignment `json:"assignment"`
	Seed       string               `json:"seed"`
	Loads      map[int64]int        `json:"loads"`
}

type fileReply struct {
	File    appraisal.StoredFile `json:"file"`
	Created bool                 `json:"created"`
}

func (s *server) needAppraisal() error {
	if s.Appraisal == nil {
		return fault.NotFoundf("document appraisals are not enabled")
	}
	return nil
}

// uploadAppraisalFile stores one file of an entry. Who may upload is
// checked before a byte of the file is read; the file is streamed to disk,
// sniffed and bounded (stageDocument, documentUploads) before anything is
// kept; the same content again is a 200 with the stored file.
func (s *server) uploadAppraisalFile(c *fiber.Ctx) error {
	if err := s.needAppraisal(); err != nil {
		return err
	}
	if s.DocumentFiles == nil {
		return fault.NotFoundf("document uploads are not enabled")
	}
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	entry, err := idParam(c, "entry")
	if err != nil {
		return err
	}
	up := uploader(currentUser(c))
	if err := s.Appraisal.MayUpload(c.UserContext(), up, id, entry); err != nil {
		c.Context().SetConnectionClose() // the body is not read
		return err
	}
	in, err := stageDocument(c, s.DocumentFiles, documentUploads)
	if err != nil {
		return err
	}
	defer s.DocumentFiles.Discard(in.Token) // adopted: gone already
	f, created, err := s.Appraisal.UploadStaged(c.UserContext(), up, id, entry, in, documentUploads.maxFiles)
	if err != nil {
		return err
	}
	status := fiber.StatusOK
	if created {
		status = fiber.StatusCreated
	}
	return c.Status(status).JSON(fileReply{File: f, Created: created})
}

func (s *server) assignAppraisal(c *fiber.Ctx) error {
	if err := s.needAppraisal(); err != nil {
		return err
	}
	return withActorIDBody(c, fiber.StatusOK, func(ctx context.Context, u account.User, id int64, in assignBody) (appraisalAssign, error) {
		var seed uint64 // 0: the service draws one (recorded in the reply)
		if in.Seed != "" {
			v, err := strconv.ParseUint(in.Seed, 10, 64)
			if err != nil || v == 0 {
				return appraisalAssign{}, fault.InvalidField("seed", "a positive whole number")
			}
			seed = v
		}
		a, err := s.Appraisal.Assign(ctx, judgeActor(u), id, in.K, seed)
		if err != nil {
			return appraisalAssign{}, err
		}
		x, err := s.Judging.Get(ctx, id)
		if err != nil {
			return appraisalAssign{}, err
		}
		return appraisalAssign{Assignment: a, Seed: strconv.FormatUint(a.Seed, 10), Loads: a.Loads(x.Config.Panel)}, nil
	})
}

func (s *server) appraisalJudgeView(c *fiber.Ctx) error {
	if err := s.needAppraisal(); err != nil {
		return err
	}
	return withActorID(c, func(ctx context.Context, u account.User, id int64) (appraisal.JudgeView, error) {
		return s.Appraisal.ForJudge(ctx, judgeActor(u), id)
	})
}

func (s *server) appraisalDocuments(c *fiber.Ctx) error {
	if err := s.needAppraisal(); err != nil {
		return err
	}
	return withActorID(c, func(ctx context.Context, u account.User, id int64) ([]appraisal.Document, error) {
		return s.Appraisal.Documents(ctx, judgeActor(u), id)
	})
}

func (s *server) revealAppraisal(c *fiber.Ctx) error {
	if err := s.needAppraisal(); err != nil {
		return err
	}
	return withActorID(c, func(ctx context.Context, u account.User, id int64) (appraisal.Reveal, error) {
		return s.Appraisal.Reveal(ctx, judgeActor(u), id)
	})
}

// appraisalFile serves a file to its organizer or an assigned judge (403
// for anyone else, also for an unknown id), never executable.
func (s *server) appraisalFile(c *fiber.Ctx) error {
	if err := s.needAppraisal(); err != nil {
		return err
	}
	f, name, content, err := s.Appraisal.Open(c.UserContext(), judgeActor(currentUser(c)), strings.Clone(c.Params("file")))
	if err != nil {
		return err
	}
	return sendDocument(c, f.Kind, name, content)
}

// appraisalFilePDF serves the PDF a DOCX was converted to, with the same
// access and headers as the file (404 naming the state while there is none).
func (s *server) appraisalFilePDF(c *fiber.Ctx) error {
	if err := s.needAppraisal(); err != nil {
		return err
	}
	f, name, content, err := s.Appraisal.OpenPDF(c.UserContext(), judgeActor(currentUser(c)), strings.Clone(c.Params("file")))
	if err != nil {
		return err
	}
	return sendDocument(c, f.Kind, name, content)
}
