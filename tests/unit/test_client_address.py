import pytest

from ambon_112.core.client_address import client_address, throttle_key, trusted_networks

PROXY = trusted_networks(["127.0.0.1", "10.0.0.0/24"])


def test_without_a_trusted_proxy_the_peer_is_the_address_whatever_the_headers_say():
	assert client_address("203.0.113.9", "198.51.100.1", []) == "203.0.113.9"
	assert client_address("203.0.113.9", "198.51.100.1", PROXY) == "203.0.113.9"


def test_behind_trusted_proxies_the_address_they_saw_counts_not_what_the_client_claimed():
	# The client claimed 198.51.100.1; the outer proxy (10.0.0.5) saw 203.0.113.9; nginx on 127.0.0.1.
	assert client_address("127.0.0.1", "198.51.100.1, 203.0.113.9, 10.0.0.5", PROXY) == "203.0.113.9"
	assert client_address("127.0.0.1", None, PROXY) == "127.0.0.1"


def test_trusted_proxies_may_be_given_as_one_comma_separated_string():
	assert (
		client_address("10.0.0.7", "203.0.113.9", trusted_networks("127.0.0.1, 10.0.0.0/24")) == "203.0.113.9"
	)


@pytest.mark.parametrize(
	"address, key",
	[
		("203.0.113.9", "203.0.113.9"),
		("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
		("2001:db8:1:2:bbbb::2", "2001:db8:1:2::/64"),
		("::ffff:203.0.113.9", "203.0.113.9"),
		("not-an-address", "not-an-address"),
	],
)
def test_one_ipv6_client_network_is_one_key(address, key):
	assert throttle_key(address) == key
