package store_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/haki-kenya/haki/internal/store"
)

// auditRoles says which arguments of a call that writes to the audit log
// are its action and its entity (-1: none). tx.audit writes every entry but
// the "view" entries of reveal; the wrappers around them are found.
var auditRoles = map[string][2]int{"audit": {0, 1}, "reveal": {-1, 0}}

// auditUnread are the calls whose code the scan cannot read, each with why
// the code is listed all the same (file:function).
var auditUnread = map[string]string{
	"internal/store/audit.go:auditEntries": "reveals the entity of an entry read back from the log",
	"internal/store/merge.go:finishMerge":  "the entity is the merge's kind: person or incident, both listed",
	"internal/store/merge.go:UndoMerge":    "the entity is the merge's kind: person or incident, both listed",
}

// TestAuditCodesListed reads every call in the code that writes an audit
// entry (tx.audit, Store.Audit, reveal and the functions that pass their
// arguments on to them) and checks that each action and entity it writes is
// in store.AuditActions and store.AuditEntities, the lists the log page
// filters by; and that each listed code is written somewhere.
func TestAuditCodesListed(t *testing.T) {
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	var files []*ast.File
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		files = append(files, f)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	roles := map[string][2]int{}
	for k, v := range auditRoles {
		roles[k] = v
	}
	written := [2]map[string]string{{}, {}} // code -> where, of actions and entities
	var unread []string
	// Until no new wrapper turns up: a wrapper is a function that passes
	// a parameter of its own on as an action or an entity.
	for changed := true; changed; {
		changed = false
		written, unread = [2]map[string]string{{}, {}}, nil
		for _, f := range files {
			for _, decl := range f.Decls {
				fn, ok := decl.(*ast.FuncDecl)
				if !ok || fn.Body == nil {
					continue
				}
				where := strings.TrimPrefix(filepath.ToSlash(fset.Position(fn.Pos()).Filename), "../../") + ":" + fn.Name.Name
				ast.Inspect(fn.Body, func(n ast.Node) bool {
					call, ok := n.(*ast.CallExpr)
					if !ok {
						return true
					}
					name := calleeName(call)
					pos, ok := roles[name]
					if !ok || name == fn.Name.Name {
						return true
					}
					for role, i := range pos {
						if i < 0 || i >= len(call.Args) {
							continue
						}
						codes, param, ok := auditCodes(fn, call.Args[i])
						switch {
						case param >= 0:
							r := roles[fn.Name.Name]
							if _, known := roles[fn.Name.Name]; !known {
								r = [2]int{-1, -1}
							}
							if r[role] != param {
								r[role] = param
								roles[fn.Name.Name] = r
								changed = true
							}
						case ok:
							for _, c := range codes {
								written[role][c] = fset.Position(call.Pos()).String()
							}
						case auditUnread[where] == "":
							unread = append(unread, fset.Position(call.Pos()).String())
						}
					}
					return true
				})
			}
		}
	}
	if len(written[0]) < 20 || len(written[1]) < 20 {
		t.Fatalf("the scan found %d actions and %d entities; is it broken?", len(written[0]), len(written[1]))
	}
	for _, u := range unread {
		t.Errorf("%s: the audit code is not a text the test can read; write it as a literal or a constant, or list the call in auditUnread", u)
	}
	for role, list := range [2][]string{store.AuditActions, store.AuditEntities} {
		kind := [2]string{"action", "entity"}[role]
		for c, where := range written[role] {
			if !slices.Contains(list, c) {
				t.Errorf("%s: the audit %s %q is not in store.Audit%s", where, kind, c, [2]string{"Actions", "Entities"}[role])
			}
		}
		for _, c := range list {
			if written[role][c] == "" {
				t.Errorf("store.Audit%s lists %q, which nothing writes", [2]string{"Actions", "Entities"}[role], c)
			}
		}
	}
}

// calleeName is the name of the function a call calls: f or x.f.
func calleeName(call *ast.CallExpr) string {
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		return fn.Name
	case *ast.SelectorExpr:
		return fn.Sel.Name
	}
	return ""
}

// auditCodes reads the code an argument of fn gives: a text, a constant,
// or a local variable given only texts; or the index of fn's parameter it
// is (param, else -1). ok is false when it cannot tell.
func auditCodes(fn *ast.FuncDecl, arg ast.Expr) (codes []string, param int, ok bool) {
	if s, ok := stringLit(arg); ok {
		return []string{s}, -1, true
	}
	id, isIdent := arg.(*ast.Ident)
	if !isIdent || id.Obj == nil {
		return nil, -1, false
	}
	switch decl := id.Obj.Decl.(type) {
	case *ast.Field:
		i := 0
		for _, fl := range fn.Type.Params.List {
			for _, n := range fl.Names {
				if n.Obj == id.Obj {
					return nil, i, false
				}
				i++
			}
		}
	case *ast.ValueSpec:
		if id.Obj.Kind == ast.Con {
			for i, n := range decl.Names {
				if n.Obj == id.Obj && i < len(decl.Values) {
					s, ok := stringLit(decl.Values[i])
					return []string{s}, -1, ok
				}
			}
		}
	case *ast.AssignStmt:
		// Every value the function gives the variable must be a text.
		ok = true
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			as, isAssign := n.(*ast.AssignStmt)
			if !isAssign {
				return true
			}
			for i, l := range as.Lhs {
				if lid, isIdent := l.(*ast.Ident); isIdent && lid.Obj == id.Obj {
					s, lit := "", false
					if len(as.Rhs) == len(as.Lhs) {
						s, lit = stringLit(as.Rhs[i])
					}
					ok = ok && lit
					if s != "" { // "" is the variable before it is set
						codes = append(codes, s)
					}
				}
			}
			return true
		})
		return codes, -1, ok && len(codes) > 0
	}
	return nil, -1, false
}

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}
