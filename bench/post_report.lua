-- wrk script: durable Open311 POSTs with a realistic form body (a pothole in Wrocław, Polish
-- text, two attributes, reporter e-mail). API_KEY comes from the environment.
local key = os.getenv("API_KEY")
local counter = 0

request = function()
  counter = counter + 1
  local body = "api_key=" .. key ..
    "&jurisdiction_id=wroclaw.pl&service_code=pothole&lat=51.1079&long=17.0385" ..
    "&address_string=ul.+%C5%B9r%C3%B3d%C5%82owa+5%2C+Wroc%C5%82aw" ..
    "&description=Du%C5%BCa+dziura+na+przej%C5%9Bciu+dla+pieszych+przy+przystanku%2C+" ..
    "samochody+omijaj%C4%85+j%C4%85+po+chodniku.+Zg%C5%82oszenie+" .. counter ..
    "&attribute%5Bsize%5D=large&attribute%5Blane%5D=roadway&email=jan.kowalski%40example.pl" ..
    "&first_name=Jan&last_name=Kowalski"
  return wrk.format("POST", "/open311/v2/requests.json",
    {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
