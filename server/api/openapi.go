package api

import (
	"reflect"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// openAPI serves an OpenAPI 3 description written from the route table,
// so a route cannot be registered without appearing in it.
func (s *server) openAPI(c *fiber.Ctx) error {
	return c.JSON(s.openAPIDoc())
}

func (s *server) openAPIDoc() map[string]any {
	paths := map[string]map[string]any{}
	for _, r := range s.routes() {
		if !strings.HasPrefix(r.path, "/api/v1/") && !strings.HasPrefix(r.path, "/ws/") {
			continue
		}
		p, params := openAPIPath(r.path)
		op := map[string]any{
			"summary":     r.summary,
			"operationId": strings.ToLower(r.method) + strings.NewReplacer("/", "_", ":", "", "{", "", "}", "").Replace(strings.TrimPrefix(r.path, "/api/v1")),
			"tags":        []string{r.tag},
			"responses":   responses(r),
		}
		if strings.HasPrefix(r.path, "/ws/v1/contests/") {
			params = append(params, map[string]any{"name": "role", "in": "query", "required": false, "schema": enumSchema(contestRoleValues),
				"description": "422 for a role not listed; 403 for a role the user may not take"})
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		if r.access == public {
			op["security"] = []any{}
		} else {
			roles := make([]string, len(r.roles))
			for i, role := range r.roles {
				roles[i] = string(role)
			}
			if len(roles) == 0 {
				roles = []string{"any"}
			}
			op["x-roles"] = roles
		}
		if r.body != nil {
			switch r.body.(type) {
			case uploadForm:
				op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"multipart/form-data": map[string]any{
					"schema": map[string]any{"type": "object", "properties": map[string]any{"file": map[string]any{"type": "string", "format": "binary"}}}}}}
			default:
				op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(r.body))}}}
			}
		}
		if paths[p] == nil {
			paths[p] = map[string]any{}
		}
		paths[p][strings.ToLower(r.method)] = op
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info":    map[string]any{"title": "Weishi 文化卫士 API", "version": "1"},
		"paths":   paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": sessionCookie},
				"csrf":    map[string]any{"type": "apiKey", "in": "header", "name": csrfHeader},
			},
			"schemas": withSchemas(map[string]any{"Error": schemaOf(reflect.TypeOf(errorBody{}))}, contestSocketSchemas()),
		},
		"security": []any{map[string]any{"session": []string{}, "csrf": []string{}}},
	}
}

func withSchemas(a, b map[string]any) map[string]any {
	for k, v := range b {
		a[k] = v
	}
	return a
}

// openAPIPath turns /users/:id into /users/{id} and lists its parameters.
func openAPIPath(p string) (string, []any) {
	var params []any
	parts := strings.Split(p, "/")
	for i, part := range parts {
		if strings.HasPrefix(part, ":") {
			name := part[1:]
			parts[i] = "{" + name + "}"
			params = append(params, map[string]any{"name": name, "in": "path", "required": true, "schema": map[string]any{"type": "integer", "format": "int64"}})
		}
	}
	return strings.Join(parts, "/"), params
}

func responses(r route) map[string]any {
	errRef := map[string]any{"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}}
	withDesc := func(d string) map[string]any {
		out := map[string]any{"description": d}
		for k, v := range errRef {
			out[k] = v
		}
		return out
	}
	out := map[string]any{}
	ok := "200"
	if r.method == "POST" && (strings.HasSuffix(r.path, "/units") || strings.HasSuffix(r.path, "/users")) {
		ok = "201"
	}
	switch reply := r.reply.(type) {
	case nil:
		if strings.HasPrefix(r.path, "/ws/") {
			out["101"] = map[string]any{"description": "Switching to the websocket protocol"}
		} else {
			out["204"] = map[string]any{"description": "Done"}
		}
	case xlsxFile:
		out[ok] = map[string]any{"description": "An .xlsx workbook", "content": map[string]any{
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}}}
	default:
		out[ok] = map[string]any{"description": "OK", "content": map[string]any{"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(reply))}}}
	}
	if r.access != public {
		out["401"] = withDesc("No valid session")
		out["403"] = withDesc("Missing role, CSRF token, or a password change is required")
	}
	if r.body != nil || strings.Contains(r.path, ":") || r.method == "GET" {
		out["422"] = withDesc("Invalid input; error.fields names each bad field")
	}
	if strings.Contains(r.path, ":") {
		out["404"] = withDesc("Not found")
	}
	if r.method == "POST" || r.method == "PATCH" || r.method == "DELETE" {
		out["409"] = withDesc("Conflicts with the current state")
	}
	if strings.HasSuffix(r.path, "/auth/login") {
		out["429"] = withDesc("Too many attempts; see Retry-After")
	}
	return out
}

var timeType = reflect.TypeOf(time.Time{})

// schemaOf describes a Go type as a JSON schema, following json tags.
func schemaOf(t reflect.Type) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == timeType {
		return map[string]any{"type": "string", "format": "date-time"}
	}
	if values, ok := openAPIEnums[t]; ok {
		return enumSchema(values)
	}
	switch t.Kind() {
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem())}
	case reflect.Interface:
		return map[string]any{}
	case reflect.Struct:
		props := map[string]any{}
		addStructFields(t, props)
		return map[string]any{"type": "object", "properties": props}
	}
	return map[string]any{}
}

func addStructFields(t reflect.Type, props map[string]any) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			addStructFields(ft, props)
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = schemaOf(f.Type)
	}
}
