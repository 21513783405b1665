// Starts GOV.UK Frontend's components (loaded by templates/base.html).
//
// base.html loads govuk-frontend.min.js as a module with id="govuk-frontend-js".
// Importing from that element's own URL reuses the module the browser has
// already fetched, including when collectstatic gives it a hashed file name in
// production (a fixed "../govuk/..." path would load a second, unhashed copy).
const script = document.getElementById("govuk-frontend-js");

import(script.src).then(({ initAll }) => initAll());
