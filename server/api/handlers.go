package api

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/server/account"
)

// The shapes most handlers share: read the :id and the JSON body, call a
// service with the request's context (and the caller), answer the result.

// reply answers v with status, or the error.
func reply[R any](c *fiber.Ctx, status int, v R, err error) error {
	if err != nil {
		return err
	}
	return c.Status(status).JSON(v)
}

// withBody decodes a T and answers fn's result with status.
func withBody[T, R any](c *fiber.Ctx, status int, fn func(context.Context, T) (R, error)) error {
	var in T
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	v, err := fn(c.UserContext(), in)
	return reply(c, status, v, err)
}

// withActorBody decodes a T and answers fn(caller, T) with status.
func withActorBody[T, R any](c *fiber.Ctx, status int, fn func(context.Context, account.User, T) (R, error)) error {
	var in T
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	v, err := fn(c.UserContext(), currentUser(c), in)
	return reply(c, status, v, err)
}

// withActorID answers fn(caller, :id).
func withActorID[R any](c *fiber.Ctx, fn func(context.Context, account.User, int64) (R, error)) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	v, err := fn(c.UserContext(), currentUser(c), id)
	return reply(c, fiber.StatusOK, v, err)
}

// withActorIDBody decodes a T and answers fn(caller, :id, T) with status.
func withActorIDBody[T, R any](c *fiber.Ctx, status int, fn func(context.Context, account.User, int64, T) (R, error)) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in T
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	v, err := fn(c.UserContext(), currentUser(c), id, in)
	return reply(c, status, v, err)
}
