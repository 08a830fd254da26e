package api

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
)

// errorBody is the one shape of every error answer.
type errorBody struct {
	Error  errorDetail `json:"error"`
	Report any         `json:"report,omitempty"`
}

type errorDetail struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

var statusOf = map[string]int{
	fault.Invalid:        fiber.StatusUnprocessableEntity,
	fault.Unauthorized:   fiber.StatusUnauthorized,
	fault.Forbidden:      fiber.StatusForbidden,
	fault.MustChangePass: fiber.StatusForbidden,
	"csrf":               fiber.StatusForbidden,
	fault.NotFound:       fiber.StatusNotFound,
	fault.Conflict:       fiber.StatusConflict,
	fault.RateLimited:    fiber.StatusTooManyRequests,
	fault.TooLarge:       fiber.StatusRequestEntityTooLarge,
	fault.Unsupported:    fiber.StatusUnsupportedMediaType,
	"bad_request":        fiber.StatusBadRequest,
}

// handleError is the one place errors become HTTP answers. Internal
// errors are logged with detail and shown as "internal error".
func (s *server) handleError(c *fiber.Ctx, err error) error {
	var fe *fiber.Error
	if errors.As(err, &fe) {
		code := "bad_request"
		switch fe.Code {
		case fiber.StatusNotFound:
			code = fault.NotFound
		case fiber.StatusRequestEntityTooLarge:
			code = fault.TooLarge
		case fiber.StatusMethodNotAllowed:
			code = "method_not_allowed"
		case fiber.StatusUnauthorized:
			code = fault.Unauthorized
		}
		return s.writeError(c, fe.Code, &fault.Error{Code: code, Message: fe.Message})
	}
	e, ok := fault.As(err)
	if !ok || e.Code == fault.Internal {
		s.Logger.Error("internal error", "request_id", c.Locals(localReqID), "method", c.Method(), "path", c.Path(), "err", err)
		return s.writeError(c, fiber.StatusInternalServerError, &fault.Error{Code: fault.Internal, Message: "internal error"})
	}
	status, ok := statusOf[e.Code]
	if !ok {
		status = fiber.StatusBadRequest
	}
	if e.RetryAfter > 0 {
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int((e.RetryAfter+999_999_999)/1_000_000_000)))
	}
	return s.writeError(c, status, e)
}

func (s *server) writeError(c *fiber.Ctx, status int, e *fault.Error) error {
	zh := wantsChinese(c.Get(fiber.HeaderAcceptLanguage))
	if rep, ok := e.Details.(account.ImportReport); ok {
		translateReport(zh, &rep)
	}
	body := errorBody{Error: errorDetail{Code: e.Code, Message: translate(zh, e.Message)}, Report: pagedDetails(e.Details)}
	if len(e.Fields) > 0 {
		body.Error.Fields = make(map[string]string, len(e.Fields))
		for k, v := range e.Fields {
			body.Error.Fields[k] = translate(zh, v)
		}
	}
	data, err := json.Marshal(body)
	if err != nil {
		return err
	}
	c.Status(status)
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	return c.Send(data)
}

// wantsChinese reports whether the client prefers Chinese. Chinese is the
// default when the header names neither.
func wantsChinese(acceptLanguage string) bool {
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		switch {
		case strings.HasPrefix(tag, "zh"):
			return true
		case strings.HasPrefix(tag, "en"):
			return false
		}
	}
	return true
}

// decodeJSON reads a JSON body into v, refusing unknown fields, a wrong
// content type, trailing data and bodies over maxJSONBody.
func decodeJSON(c *fiber.Ctx, v any) error {
	body := c.Body()
	if len(body) > maxJSONBody {
		return &fault.Error{Code: fault.TooLarge, Message: "the request body is too large"}
	}
	if ct := c.Get(fiber.HeaderContentType); !strings.HasPrefix(strings.ToLower(ct), fiber.MIMEApplicationJSON) {
		return &fault.Error{Code: "bad_request", Message: "the body must be JSON (Content-Type: application/json)"}
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return &fault.Error{Code: "bad_request", Message: "the body has data after the JSON value"}
	}
	return nil
}

// jsonError turns a decoding error into a field-level message.
func jsonError(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			field = "body"
		}
		return fault.InvalidField(field, "has the wrong type (expected "+typeErr.Type.String()+")")
	case errors.As(err, &syntaxErr):
		return &fault.Error{Code: "bad_request", Message: "malformed JSON at byte " + strconv.FormatInt(syntaxErr.Offset, 10)}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return fault.InvalidField(name, "is not a known field")
	case err.Error() == "EOF":
		return &fault.Error{Code: "bad_request", Message: "the body is empty"}
	}
	return &fault.Error{Code: "bad_request", Message: "malformed JSON"}
}

// idParam reads a positive integer path parameter.
func idParam(c *fiber.Ctx, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Params(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, fault.NotFoundf("no such %s", name)
	}
	return id, nil
}
