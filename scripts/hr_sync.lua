-- hr_sync.lua: persons from the HR system.
--
-- Every script.hr_sync.interval_s seconds (default 600), and on the event
-- hr.sync, it GETs script.hr_sync.url and expects JSON, either an array of
-- persons or {"persons": [...]}, each {"userId", "name", "code"?,
-- "department"?, "job"?, "cards"?: ["..."], "role"?}. A person that is new
-- or differs is upserted (so terminals get the change); one this script
-- brought in earlier that HR no longer lists is removed. Persons entered on
-- the admin page are never removed by it: the script keeps the ids it
-- manages in passway.kv ("managed").
--
-- Settings: script.hr_sync.url (required; without it the script stays idle),
-- script.hr_sync.interval_s, script.hr_sync.token (optional Bearer token).
--
-- The Scripts screen's settings form (README "Script settings"):
-- @setting url url "" the HR system's person list; without it the script stays idle
-- @setting interval_s int 600 seconds between two fetches
-- @setting token secret "" optional Bearer token

local url = passway.config.get("url")
if not url or url == "" then
  passway.log.info("script.hr_sync.url is not set; HR sync is idle")
  return
end
local interval = tonumber(passway.config.get("interval_s", "600")) or 600
local token = passway.config.get("token")
local fields = {"name", "code", "department", "job", "role"}

local function same_cards(a, b)
  a, b = a or {}, b or {}
  if #a ~= #b then return false end
  for i = 1, #a do if a[i] ~= b[i] then return false end end
  return true
end

local function differs(current, wanted)
  for _, f in ipairs(fields) do
    if wanted[f] ~= nil and current[f] ~= wanted[f] then return true end
  end
  return wanted.cards ~= nil and not same_cards(current.cards, wanted.cards)
end

local function sync()
  local headers = {Accept = "application/json"}
  if token and token ~= "" then headers.Authorization = "Bearer " .. token end
  local res, err = passway.http.request{url = url, headers = headers, timeout = 10}
  if not res then
    passway.log.warn("HR API unreachable: " .. err)
    return nil, err
  end
  if res.status ~= 200 then
    passway.log.warn("HR API answered " .. res.status)
    return nil, "HTTP " .. res.status
  end
  local doc, derr = passway.json.decode(res.body)
  if not doc then return nil, "HR API sent bad JSON: " .. derr end
  local list = doc.persons or doc
  local managed = passway.kv.get("managed") or {}
  local seen, upserted, removed = {}, 0, 0
  for _, p in ipairs(list) do
    local id = math.tointeger(p.userId)
    if id and id > 0 and type(p.name) == "string" and p.name ~= "" then
      seen[tostring(id)] = true
      local wanted = {userId = id, name = p.name, code = p.code, department = p.department, job = p.job,
                      role = p.role, cards = p.cards}
      local current = passway.persons.get(id)
      if not current or differs(current, wanted) then
        local saved, uerr = passway.persons.upsert(wanted)
        if saved then upserted = upserted + 1 else passway.log.warn("person " .. id .. ": " .. uerr) end
      end
    end
  end
  for key in pairs(managed) do
    if not seen[key] then
      if passway.persons.remove(math.tointeger(tonumber(key))) then removed = removed + 1 end
    end
  end
  passway.kv.set("managed", seen)
  passway.log.info(("HR sync: %d listed, %d upserted, %d removed"):format(#list, upserted, removed))
  return {listed = #list, upserted = upserted, removed = removed}
end

passway.on("hr.sync", function() return sync() end)
passway.timer.at(0, sync)
passway.timer.every(interval, sync)
