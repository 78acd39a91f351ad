// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import { AccessControl } from "@openzeppelin/contracts/access/AccessControl.sol";

import { Errors } from "./Errors.sol";
import { ISanctionsList } from "./interfaces/ISanctionsList.sol";
import { ISanctionsOracle } from "./interfaces/ISanctionsOracle.sol";

/// @title SanctionsOracle
/// @notice See the documentation in {ISanctionsOracle}.
contract SanctionsOracle is ISanctionsOracle, AccessControl {
    /// @inheritdoc ISanctionsOracle
    bytes32 public constant override UPDATER_ROLE = keccak256("UPDATER_ROLE");

    /// @inheritdoc ISanctionsOracle
    uint256 public override sanctionedCount;

    mapping(address addr => bool sanctioned) private _sanctioned;

    /// @inheritdoc ISanctionsOracle
    address public override sanctionsFilter;

    /// @dev The Bloom filter: 2^15 bits (4 KiB, 128 words), 3 probes per address from keccak256(address). With the
    /// few hundred EVM addresses of the OFAC list, an unlisted address passes as "maybe listed" about once in 10^4
    /// checks (and then costs one exact lookup); a listed address always does.
    uint256 private constant FILTER_BYTES = 4096;

    /// @param admin The account given DEFAULT_ADMIN_ROLE and UPDATER_ROLE.
    constructor(address admin) {
        if (admin == address(0)) revert Errors.SanctionsOracle_AdminZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(UPDATER_ROLE, admin);
    }

    /// @inheritdoc ISanctionsList
    function isSanctioned(address addr) external view override returns (bool) {
        return _sanctioned[addr];
    }

    /// @inheritdoc ISanctionsOracle
    function firstSanctioned(address[] calldata addrs) external view override returns (bool found, uint256 index) {
        address filter = sanctionsFilter;
        // No filter yet: no address was ever listed.
        if (filter == address(0)) return (false, 0);
        assembly ("memory-safe") {
            // The whole filter in memory for ~3,400 gas (cold account, copy, memory); each address then costs a
            // keccak and a probe, ~200 gas, instead of a 2,100-gas cold SLOAD. Only the addresses the filter may hold
            // are looked up exactly.
            let bits := mload(0x40)
            extcodecopy(filter, bits, 1, FILTER_BYTES)
            let listSlot := _sanctioned.slot
            let count := addrs.length
            for { let i := 0 } lt(i, count) { i := add(i, 1) } {
                let addr := calldataload(add(addrs.offset, shl(5, i)))
                // Not a clean address: refuse it as Solidity's ABI decoder would.
                if shr(160, addr) { revert(0, 0) }
                mstore(0x00, addr)
                let h := keccak256(0x00, 0x20)
                // Probe k (0..2) of h >> 20k: bits 5..11 pick one of the 128 words (as a byte offset), bits 12..19
                // one of its 256 bits. Most unlisted addresses fail the first probe; the others are read only when
                // it hits.
                if and(shr(and(shr(12, h), 0xff), mload(add(bits, and(h, 0xfe0)))), 1) {
                    if and(shr(and(shr(32, h), 0xff), mload(add(bits, and(shr(20, h), 0xfe0)))), 1) {
                        if and(shr(and(shr(52, h), 0xff), mload(add(bits, and(shr(40, h), 0xfe0)))), 1) {
                            // _sanctioned[addr]: the slot is keccak256(addr . listSlot); addr is still at 0x00.
                            mstore(0x20, listSlot)
                            if sload(keccak256(0x00, 0x40)) {
                                found := 1
                                index := i
                                break
                            }
                        }
                    }
                }
            }
        }
    }

    /// @inheritdoc ISanctionsOracle
    function addToSanctionsList(address[] calldata newSanctions) external override onlyRole(UPDATER_ROLE) {
        bytes memory filter = _loadFilter();
        uint256 added;
        for (uint256 i = 0; i < newSanctions.length; ++i) {
            address addr = newSanctions[i];
            // Checks: the zero address is a mistake in the caller's list, never a sanctioned party.
            if (addr == address(0)) revert Errors.SanctionsOracle_ZeroAddress();
            if (_sanctioned[addr]) continue;

            // Effects: one event per real change, so the event log is the list's exact history.
            _sanctioned[addr] = true;
            _addToFilter(filter, addr);
            ++added;
            emit SanctionedAddressAdded(addr);
        }
        sanctionedCount += added;
        // Effects: the filter is rewritten in the same transaction as the list, so it never misses a listed address.
        if (added != 0) _storeFilter(filter);
    }

    /// @inheritdoc ISanctionsOracle
    function removeFromSanctionsList(address[] calldata removeSanctions) external override onlyRole(UPDATER_ROLE) {
        uint256 removed;
        for (uint256 i = 0; i < removeSanctions.length; ++i) {
            address addr = removeSanctions[i];
            // Checks: addresses not on the list are skipped, so a batch can be sent again.
            if (!_sanctioned[addr]) continue;

            // Effects: the address keeps its bits in the filter (a Bloom filter cannot forget); the exact lookup
            // behind the filter answers for it.
            _sanctioned[addr] = false;
            ++removed;
            emit SanctionedAddressRemoved(addr);
        }
        sanctionedCount -= removed;
    }

    /// @dev The current filter, or an empty one, as FILTER_BYTES of memory.
    function _loadFilter() private view returns (bytes memory filter) {
        filter = new bytes(FILTER_BYTES);
        address pointer = sanctionsFilter;
        if (pointer != address(0)) {
            assembly ("memory-safe") {
                extcodecopy(pointer, add(filter, 0x20), 1, FILTER_BYTES)
            }
        }
    }

    /// @dev Sets the 3 bits of `addr`. Must match the probes of `firstSanctioned`: probe k (0..2) of
    /// h = keccak256(addr) is bit ((h >> 20k + 12) & 0xff) of the 32-byte word at byte offset ((h >> 20k) & 0xfe0).
    function _addToFilter(bytes memory filter, address addr) private pure {
        assembly ("memory-safe") {
            mstore(0x00, addr)
            let h := keccak256(0x00, 0x20)
            let bits := add(filter, 0x20)
            for { let k := 0 } lt(k, 3) { k := add(k, 1) } {
                let probe := shr(mul(k, 20), h)
                let word := add(bits, and(probe, 0xfe0))
                mstore(word, or(mload(word), shl(and(shr(12, probe), 0xff), 1)))
            }
        }
    }

    /// @dev Deploys `filter` as the code of a new contract (after a STOP byte, so that calling it does nothing): code
    /// is the cheapest storage to read whole, and a new deployment per update keeps every snapshot immutable.
    function _storeFilter(bytes memory filter) private {
        // Creation code that returns the rest of itself: PUSH2 size, DUP1, PUSH1 10, RETURNDATASIZE, CODECOPY,
        // RETURNDATASIZE, RETURN; followed by the runtime code: STOP, then the filter.
        bytes memory creationCode = abi.encodePacked(hex"61", uint16(FILTER_BYTES + 1), hex"80600a3d393df300", filter);
        address pointer;
        assembly ("memory-safe") {
            pointer := create(0, add(creationCode, 0x20), mload(creationCode))
        }
        if (pointer == address(0)) revert Errors.SanctionsOracle_FilterNotStored();
        sanctionsFilter = pointer;
        emit SanctionsFilterUpdated(pointer);
    }
}
