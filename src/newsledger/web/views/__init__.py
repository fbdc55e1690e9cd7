"""One module per page type; each exposes an APIRouter named `router`."""
