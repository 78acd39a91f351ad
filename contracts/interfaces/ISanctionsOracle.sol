// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import { ISanctionsList } from "./ISanctionsList.sol";

/// @title ISanctionsOracle
/// @notice Tandem's sanctions list on chain, kept in sync with the OFAC list by the risk engine. Contracts that move
/// value (the company vault) refuse sanctioned addresses through `isSanctioned`.
interface ISanctionsOracle is ISanctionsList {
    /// @notice Emitted when an address is put on the list.
    /// @param addr The address added.
    event SanctionedAddressAdded(address indexed addr);

    /// @notice Emitted when an address is taken off the list.
    /// @param addr The address removed.
    event SanctionedAddressRemoved(address indexed addr);

    /// @notice The role allowed to change the list.
    function UPDATER_ROLE() external view returns (bytes32);

    /// @notice How many addresses are on the list; the risk engine compares it with its own count.
    function sanctionedCount() external view returns (uint256);

    /// @notice Emitted when the Bloom filter behind `firstSanctioned` is rewritten (after every addition).
    /// @param filter The data contract that holds the new filter.
    event SanctionsFilterUpdated(address indexed filter);

    /// @notice The data contract whose code (after a STOP byte) is the Bloom filter of every address ever listed;
    /// the zero address until the first one is.
    function sanctionsFilter() external view returns (address);

    /// @notice Screens a whole batch of addresses in one call and stops at the first sanctioned one.
    /// @dev Answers exactly as `isSanctioned` would for each address in turn. A Bloom filter of every address ever
    /// listed, read once per call from a data contract, clears almost every unlisted address for ~150 gas instead of
    /// a 2,100-gas cold SLOAD; an address the filter may hold is looked up in the exact list. The filter only ever
    /// gains bits, so it never misses a listed address: a false "maybe" costs gas, never a wrong answer.
    ///
    /// Requirements:
    /// - Every element must be a clean address (high 96 bits zero).
    ///
    /// @param addrs The addresses to screen, in the caller's order.
    /// @return found True when at least one address of `addrs` is sanctioned.
    /// @return index The position in `addrs` of the first sanctioned address; 0 when `found` is false.
    function firstSanctioned(address[] calldata addrs) external view returns (bool found, uint256 index);

    /// @notice Puts every address of `newSanctions` on the list.
    /// @dev Emits {SanctionedAddressAdded} once per address that was not yet on the list; addresses already on it are
    /// skipped, so a batch can be sent again safely. When at least one address was added, the Bloom filter is
    /// rewritten (a new 4 KiB data contract, ~0.9M gas) and {SanctionsFilterUpdated} emitted: send large updates in
    /// few calls.
    ///
    /// Requirements:
    /// - The caller must have UPDATER_ROLE.
    /// - No address may be the zero address.
    ///
    /// @param newSanctions The addresses to add.
    function addToSanctionsList(address[] calldata newSanctions) external;

    /// @notice Takes every address of `removeSanctions` off the list.
    /// @dev Emits {SanctionedAddressRemoved} once per address that was on the list; others are skipped. The filter
    /// keeps the removed addresses' bits (a Bloom filter cannot forget), so screening them costs an exact lookup.
    ///
    /// Requirements:
    /// - The caller must have UPDATER_ROLE.
    ///
    /// @param removeSanctions The addresses to remove.
    function removeFromSanctionsList(address[] calldata removeSanctions) external;
}
