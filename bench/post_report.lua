-- wrk script: durable Open311 POSTs as a city receives them. Each report is at a random place
-- in the city's bounds, of a random category of the city (with an answer to each of its
-- required questions), with Polish text, an address and the reporter's e-mail and name.
-- CITY_LUA names the table bench/intake_reports.py wrote from the running server; API_KEY
-- comes from the environment. STORM=1: 30 % of the reports land within 50 m of one of four
-- points, all of one category (a fallen tree everybody reports), the rest as above.
local key = os.getenv("API_KEY")
local city = dofile(os.getenv("CITY_LUA"))
local storm = os.getenv("STORM") == "1"
local counter = 0

local descriptions = {
  "Du%C5%BCa+dziura+na+przej%C5%9Bciu+dla+pieszych+przy+przystanku%2C+samochody+omijaj%C4%85+j%C4%85+po+chodniku.",
  "Od+tygodnia+nikt+tego+nie+sprz%C4%85ta%2C+prosz%C4%99+o+interwencj%C4%99.",
  "Problem+wraca+co+kilka+dni%2C+mieszka%C5%84cy+skar%C5%BC%C4%85+si%C4%99+od+miesi%C4%85ca.",
  "Niebezpiecznie+dla+dzieci+id%C4%85cych+do+szko%C5%82y%2C+prosz%C4%99+szybko+zareagowa%C4%87.",
  "Zauwa%C5%BCone+dzi%C5%9B+rano+w+drodze+do+pracy.",
}
local streets = {
  "ul.+%C5%B9r%C3%B3d%C5%82owa", "ul.+Legnicka", "pl.+Grunwaldzki", "ul.+%C5%9Awidnicka",
  "ul.+Krzywoustego", "al.+Karkonoska", "ul.+Pi%C5%82sudskiego", "ul.+Kozanowska",
}

local storm_points = {}
local storm_service = nil

function init(args)
  math.randomseed(os.time() * 100 + tonumber(id or "0"))
  local b = city.bounds
  -- Four fixed points in the middle of the city, the same in every thread.
  for i = 1, 4 do
    storm_points[i] = {
      lat = b.south + (b.north - b.south) * (0.3 + 0.1 * i),
      lon = b.west + (b.east - b.west) * (0.6 - 0.08 * i),
    }
  end
  for _, s in ipairs(city.services) do
    if s.code == "fallen-tree" then storm_service = s end
  end
  storm_service = storm_service or city.services[1]
end

local thread_ids = 0
function setup(thread)
  thread_ids = thread_ids + 1
  thread:set("id", tostring(thread_ids))
end

local function place()
  local b = city.bounds
  if storm and math.random() < 0.3 then
    local p = storm_points[math.random(#storm_points)]
    -- Uniform in a 50 m disc: 1 degree of latitude is 111.2 km.
    local r = 50 * math.sqrt(math.random()) / 111200
    local a = 2 * math.pi * math.random()
    local lat = p.lat + r * math.cos(a)
    local lon = p.lon + r * math.sin(a) / math.cos(math.rad(p.lat))
    return lat, lon, storm_service
  end
  local lat = b.south + (b.north - b.south) * math.random()
  local lon = b.west + (b.east - b.west) * math.random()
  return lat, lon, city.services[math.random(#city.services)]
end

request = function()
  counter = counter + 1
  local lat, lon, service = place()
  local body = "api_key=" .. key ..
    "&jurisdiction_id=" .. city.jurisdiction ..
    "&service_code=" .. service.code ..
    string.format("&lat=%.6f&long=%.6f", lat, lon) ..
    "&address_string=" .. streets[math.random(#streets)] .. "+" .. math.random(1, 120) ..
    "%2C+Wroc%C5%82aw" ..
    "&description=" .. descriptions[math.random(#descriptions)] .. "+Zg%C5%82oszenie+" .. counter ..
    (service.answers ~= "" and ("&" .. service.answers) or "") ..
    "&email=jan.kowalski%40example.pl&first_name=Jan&last_name=Kowalski"
  return wrk.format("POST", "/open311/v2/requests.json",
    {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
