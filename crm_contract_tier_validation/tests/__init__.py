from . import test_tier_contract
from . import test_tier_access
from . import test_tier_receipt
from . import test_tier_import
from . import test_tier_tour
from . import test_tier_integration
from . import test_tier_queries
from . import test_amendment_approval_tour
