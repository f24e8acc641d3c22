-- attendance_export.lua: the daily attendance sheet as CSV.
--
-- When script.attendance_export.cron is set (e.g. "10 0 * * *": 00:10 local
-- time every day) it writes yesterday's sheet at that time; an event
-- attendance.export {"day": "YYYY-MM-DD"} (from another script, or a test
-- run on the admin page) writes the sheet of that day at once.
--
-- One row per person who passed a terminal that day: the first punch (first
-- in) and the last one (last out; empty when there was only one). Only
-- records with result "pass" of a known person count; days are cut in the
-- time zone script.attendance_export.tz ("local" by default, or "utc",
-- "+08:00").
--
-- File: <scripts.export_dir>/attendance-YYYY-MM-DD.csv (UTF-8, CRLF),
-- columns: date,userId,code,name,department,firstIn,lastOut,punches
-- (times as HH:MM:SS). Written whole, then renamed into place.
--
-- The Scripts screen's settings form (README "Script settings"):
-- @setting cron string "" when to write yesterday's sheet (e.g. 10 0 * * *); empty: only on attendance.export
-- @setting tz string local time zone days are cut in: local, utc or +08:00

local tz = passway.config.get("tz", "local")
local schedule = passway.config.get("cron")

local function cell(value)
  local text = tostring(value or "")
  -- Spreadsheets run cells that start with these as formulas.
  if text:match("^[=+%-@\t\r]") then text = "'" .. text end
  if text:find('[",\r\n]') then text = '"' .. text:gsub('"', '""') .. '"' end
  return text
end

local function export(day)
  local from, err = passway.time.parse(day .. " 00:00:00", "%Y-%m-%d %H:%M:%S", tz)
  if not from then error("bad day '" .. tostring(day) .. "': " .. err) end
  local to = from + 24 * 3600 * 1000
  local people, order = {}, {}
  local offset = 0
  while true do
    local page, total = passway.records.query{from = from, to = to, result = "pass", offset = offset, limit = 1000}
    if not page then error("records: " .. total) end
    for _, r in ipairs(page) do
      if r.userId then
        local p = people[r.userId]
        if not p then
          p = {first = r.deviceTime, last = r.deviceTime, punches = 0}
          people[r.userId] = p
          order[#order + 1] = r.userId
        end
        if r.deviceTime < p.first then p.first = r.deviceTime end
        if r.deviceTime > p.last then p.last = r.deviceTime end
        p.punches = p.punches + 1
      end
    end
    offset = offset + #page
    if #page == 0 or offset >= total then break end
  end
  table.sort(order)
  local lines = {"date,userId,code,name,department,firstIn,lastOut,punches"}
  for _, id in ipairs(order) do
    local p = people[id]
    local person = passway.persons.get(id) or {}
    lines[#lines + 1] = table.concat({
      day, id, cell(person.code), cell(person.name), cell(person.department),
      passway.time.format(p.first, "%H:%M:%S", tz),
      p.punches > 1 and passway.time.format(p.last, "%H:%M:%S", tz) or "",
      p.punches,
    }, ",")
  end
  local name = "attendance-" .. day .. ".csv"
  local ok, werr = passway.files.write(name, table.concat(lines, "\r\n") .. "\r\n")
  if not ok then error("cannot write " .. name .. ": " .. werr) end
  passway.log.info("wrote " .. name .. " with " .. #order .. " persons")
  return {file = name, persons = #order}
end

passway.on("attendance.export", function(event)
  if type(event.day) ~= "string" or not event.day:match("^%d%d%d%d%-%d%d%-%d%d$") then
    error("attendance.export needs day = \"YYYY-MM-DD\"")
  end
  return export(event.day)
end)

if schedule and schedule ~= "" then
  passway.timer.cron(schedule, function()
    local yesterday = passway.time.now() - 24 * 3600 * 1000
    export(passway.time.format(yesterday, "%Y-%m-%d", tz))
  end)
else
  passway.log.info("script.attendance_export.cron is not set; export on the event attendance.export only")
end
