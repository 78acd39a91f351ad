// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title ISanctionsList
/// @notice The interface of Chainalysis' on-chain sanctions oracle, so contracts written against it work unchanged.
interface ISanctionsList {
    /// @notice Whether `addr` is on the sanctions list.
    /// @param addr The address to screen.
    /// @return True when `addr` is sanctioned.
    function isSanctioned(address addr) external view returns (bool);
}
