-- Neovim's built-in LSP client (Neovim 0.7, Debian's) driving `ward lsp`
-- headless: `nvim --headless -u NONE -c "luafile tests/lsp/nvim.lua"`, with
-- WARD_BIN naming the binary and WARD_PROJECT a project directory holding
-- base.ward and team.ward. Each check prints `ok` or `FAIL`; the editor
-- exits with status 1 if any failed.

local ward = os.getenv("WARD_BIN")
local dir = os.getenv("WARD_PROJECT")
local failed = 0

local function step(name, fn)
  local ok, err = pcall(fn)
  if ok then
    io.stdout:write("ok   " .. name .. "\n")
  else
    failed = failed + 1
    io.stdout:write("FAIL " .. name .. "\n     " .. tostring(err) .. "\n")
  end
end

local function check(cond, msg)
  if not cond then
    error(msg or "assertion failed", 2)
  end
end

local client_id = vim.lsp.start_client({
  name = "ward",
  cmd = { ward, "lsp" },
  root_dir = dir,
})

local function open(name)
  vim.cmd("edit " .. dir .. "/" .. name)
  local buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buf, client_id)
  return buf
end

local function diagnostics(buf, want)
  vim.wait(20000, function()
    return want(vim.diagnostic.get(buf))
  end, 20)
  return vim.diagnostic.get(buf)
end

local function request(buf, method, params)
  local res = vim.lsp.buf_request_sync(buf, method, params, 20000)
  check(res and res[client_id], method .. ": no answer")
  check(not res[client_id].err, method .. ": " .. vim.inspect(res[client_id].err))
  return res[client_id].result
end

local function at(buf, line, character)
  return { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = line, character = character } }
end

local function set_text(buf, text)
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, vim.split(text, "\n", { plain = true }))
end

local team = open("team.ward")

step("a typo gets ward check's diagnostic", function()
  local d = diagnostics(team, function(d) return #d > 0 end)
  check(#d == 1, vim.inspect(d))
  check(d[1].message == "unknown setting `session.idle_timout`", d[1].message)
  check(d[1].lnum == 3 and d[1].col == 4, vim.inspect(d[1]))
  local code = d[1].code or (d[1].user_data and d[1].user_data.lsp and d[1].user_data.lsp.code)
  check(code == "E0201", vim.inspect(d[1]))
end)

step("a quick fix replaces the typo", function()
  local r = request(team, "textDocument/codeAction", {
    textDocument = { uri = vim.uri_from_bufnr(team) },
    range = { start = { line = 3, character = 4 }, ["end"] = { line = 3, character = 15 } },
    context = { diagnostics = {} },
  })
  check(#r == 1, vim.inspect(r))
  local edits = r[1].edit.changes[vim.uri_from_bufnr(team)]
  vim.lsp.util.apply_text_edits(edits, team, "utf-16")
  local line = vim.api.nvim_buf_get_lines(team, 3, 4, false)[1]
  check(line == "    idle_timeout = 8h", line)
  diagnostics(team, function(d) return #d == 0 end)
  check(#vim.diagnostic.get(team) == 0, "the fix left diagnostics")
end)

local function labels(buf, line, character)
  local r = request(buf, "textDocument/completion", at(buf, line, character))
  local out = {}
  for _, item in ipairs(r.items or r) do
    out[item.label] = true
  end
  return out
end

step("completion in session { } and after password.", function()
  set_text(team, "policy team {\n  session {\n    \n  }\n  password.\n}\n")
  check(labels(team, 2, 4)["idle_timeout"], "no idle_timeout")
  local l = labels(team, 4, 11)
  check(l["min_length"] and not l["idle_timeout"], vim.inspect(l))
end)

step("completion of std: profiles and targets", function()
  set_text(team, "policy team {\n  extends \"std:\n  targets \n}\n")
  check(labels(team, 1, 15)["std:pci-dss-4.0"], "no std:pci-dss-4.0")
  check(labels(team, 2, 10)["miro"], "no miro")
end)

local child = "policy team {\n  extends \"./base.ward\"\n  session.idle_timeout = 8h\n}\n"

step("hover shows the description and a parent's because", function()
  set_text(team, child)
  diagnostics(team, function(d) return #d == 0 end)
  local h = request(team, "textDocument/hover", at(team, 2, 10))
  local text = h.contents.value
  check(text:find("without user activity", 1, true), text)
  check(text:find('because "Acme standard 4.2"', 1, true), text)
end)

step("definition of an extends path", function()
  local d = request(team, "textDocument/definition", at(team, 1, 14))
  check(d[1].uri == vim.uri_from_fname(dir .. "/base.ward"), vim.inspect(d))
end)

step("formatting edits", function()
  set_text(team, "policy team {\n  extends   \"./base.ward\"\n  session.idle_timeout   =    8h\n}")
  local edits = request(team, "textDocument/formatting", {
    textDocument = { uri = vim.uri_from_bufnr(team) },
    options = { tabSize = 2, insertSpaces = true },
  })
  vim.lsp.util.apply_text_edits(edits, team, "utf-16")
  local lines = vim.api.nvim_buf_get_lines(team, 0, -1, false)
  check(lines[2] == '  extends "./base.ward"' and lines[4] == "  session.idle_timeout = 8h", vim.inspect(lines))
end)

step("an unsaved edit of an open parent changes the child's diagnostics", function()
  local base = open("base.ward")
  local text = table.concat(vim.api.nvim_buf_get_lines(base, 0, -1, false), "\n")
  set_text(base, (text:gsub("<= 12h", "<= 6h")))
  local d = diagnostics(team, function(d) return #d == 1 end)
  check(#d == 1, vim.inspect(d))
  check(d[1].lnum == 3, vim.inspect(d[1]))
  check(d[1].message:find("<= 6h", 1, true), d[1].message)
end)

vim.lsp.stop_client(client_id)
vim.wait(10000, function()
  return vim.lsp.get_client_by_id(client_id) == nil
end, 20)
io.stdout:write(failed == 0 and "all passed\n" or (failed .. " failed\n"))
vim.cmd(failed == 0 and "qall!" or "cquit 1")
