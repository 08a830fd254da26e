package api

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/xlsx"
)

type userList struct {
	Items []account.User `json:"items"`
	Total int            `json:"total"`
}

type resetRequest struct {
	Password string `json:"password"`
}

// xlsxFile and uploadForm stand for binary bodies in the OpenAPI document.
type xlsxFile struct{}
type uploadForm struct{}

func (s *server) listUsers(c *fiber.Ctx) error {
	f := account.UserFilter{Query: c.Query("q"), Role: account.Role(c.Query("role"))}
	fields := fault.Fields{}
	if v := c.Query("unitId"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		fields.Check(err != nil || id <= 0, "unitId", "is not a unit id")
		f.UnitID = id
	}
	if v := c.Query("active"); v != "" {
		b, err := strconv.ParseBool(v)
		fields.Check(err != nil, "active", "must be true or false")
		f.Active = &b
	}
	f.Limit, f.Offset = paging(c, fields)
	if err := fields.Err(); err != nil {
		return err
	}
	users, total, err := s.Accounts.Users(c.UserContext(), f)
	if err != nil {
		return err
	}
	return c.JSON(userList{Items: users, Total: total})
}

func (s *server) getUser(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	u, err := s.Accounts.User(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(u)
}

func (s *server) createUser(c *fiber.Ctx) error {
	var n account.NewUser
	if err := decodeJSON(c, &n); err != nil {
		return err
	}
	u, err := s.Accounts.CreateUser(c.UserContext(), n)
	if err != nil {
		return err
	}
	s.Logger.Info("audit", "action", "user.create", "actor", currentUser(c).ID, "user", u.ID, "account", u.Account)
	return c.Status(fiber.StatusCreated).JSON(u)
}

func (s *server) updateUser(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var p account.UserPatch
	if err := decodeJSON(c, &p); err != nil {
		return err
	}
	me := currentUser(c)
	if id == me.ID && p.Active != nil && !*p.Active {
		return fault.InvalidField("active", "you cannot disable your own account")
	}
	if id == me.ID && p.Roles != nil && !account.HasAny(*p.Roles, account.RoleAdmin) {
		return fault.InvalidField("roles", "you cannot remove your own admin role")
	}
	u, err := s.Accounts.UpdateUser(c.UserContext(), id, p)
	if err != nil {
		return err
	}
	s.Logger.Info("audit", "action", "user.update", "actor", me.ID, "user", id)
	return c.JSON(u)
}

func (s *server) resetPassword(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var req resetRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if err := s.Accounts.ResetPassword(c.UserContext(), id, req.Password); err != nil {
		return err
	}
	s.Logger.Info("audit", "action", "user.reset_password", "actor", currentUser(c).ID, "user", id)
	return c.SendStatus(fiber.StatusNoContent)
}

func sendXLSX(c *fiber.Ctx, name string, data []byte) error {
	c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, asciiName(name), urlEscape(name)))
	return c.Send(data)
}

func asciiName(name string) string {
	return strings.Map(func(r rune) rune {
		if r < 128 && r != '"' && r != '\\' {
			return r
		}
		return '_'
	}, name)
}

func urlEscape(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func (s *server) importTemplate(c *fiber.Ctx) error {
	header := make([]string, len(account.ImportColumns))
	for i, col := range account.ImportColumns {
		header[i] = col.Header
	}
	data, err := xlsx.Write("人员", [][]string{header})
	if err != nil {
		return err
	}
	return sendXLSX(c, "人员导入模板.xlsx", data)
}

func (s *server) exportUsers(c *fiber.Ctx) error {
	users, _, err := s.Accounts.Users(c.UserContext(), account.UserFilter{})
	if err != nil {
		return err
	}
	rows := [][]string{{"账号", "姓名", "工号", "单位", "手机", "角色", "状态", "创建时间"}}
	for _, u := range users {
		roles := make([]string, len(u.Roles))
		for i, r := range u.Roles {
			roles[i] = roleLabel[r]
		}
		state := "启用"
		if !u.Active {
			state = "停用"
		}
		rows = append(rows, []string{u.Account, u.Name, u.EmployeeNo, u.UnitName, u.Phone, strings.Join(roles, "、"), state,
			u.CreatedAt.In(shanghai).Format("2006-01-02 15:04")})
	}
	data, err := xlsx.Write("人员", rows)
	if err != nil {
		return err
	}
	return sendXLSX(c, "人员名单-"+s.Now().In(shanghai).Format("20060102")+".xlsx", data)
}

var roleLabel = map[account.Role]string{
	account.RoleAdmin: "管理员", account.RoleOrganizer: "组织者", account.RoleJudge: "评委", account.RoleStaff: "执法人员",
	account.RoleUnitHead: "单位负责人",
}

var shanghai = time.FixedZone("CST", 8*3600)

// readImport reads the uploaded workbook's first sheet as import rows.
func readImport(c *fiber.Ctx) ([]account.ImportRow, error) {
	_, data, err := readUpload(c)
	if err != nil {
		return nil, err
	}
	sheet, err := readSheet(data, userUploads)
	if err != nil {
		return nil, err
	}
	return account.ParseImportSheet(sheet)
}

func (s *server) previewImport(c *fiber.Ctx) error {
	rows, err := readImport(c)
	if err != nil {
		return err
	}
	report, err := s.Accounts.PreviewImport(c.UserContext(), rows)
	if err != nil {
		return err
	}
	translateReport(wantsChinese(c.Get(fiber.HeaderAcceptLanguage)), &report)
	return c.JSON(report)
}

func (s *server) commitImport(c *fiber.Ctx) error {
	rows, err := readImport(c)
	if err != nil {
		return err
	}
	res, err := s.Accounts.Import(c.UserContext(), rows)
	if err != nil {
		return err
	}
	s.Logger.Info("audit", "action", "user.import", "actor", currentUser(c).ID, "created", res.Created)
	return c.JSON(res)
}
