// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import { IERC20Metadata } from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import { IERC20Permit } from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";

/// @title ITestStablecoin
/// @notice A 6-decimal ERC-20 with EIP-2612 permits that stands in for USDC and EURC on Tandem's development chain.
/// @dev Minting is possible only while `block.chainid` is the development chain id (31337), checked on every call:
/// deployed on any other network the token has a fixed supply of zero, so it can never pass for a real stablecoin.
/// On public networks Tandem uses the issuers' own tokens instead.
interface ITestStablecoin is IERC20Metadata, IERC20Permit {
    /// @notice The role allowed to mint.
    function MINTER_ROLE() external view returns (bytes32);

    /// @notice The only chain id on which `mint` works: Tandem's embedded development chain.
    function DEV_CHAIN_ID() external view returns (uint256);

    /// @notice Creates `amount` minor units (6 decimals) for `to`.
    /// @dev Emits a {Transfer} event from the zero address.
    ///
    /// Requirements:
    /// - The caller must have MINTER_ROLE.
    /// - `block.chainid` must be DEV_CHAIN_ID.
    /// - `to` must not be the zero address.
    ///
    /// @param to The account that receives the new tokens.
    /// @param amount The amount in minor units (1 USDC = 1_000_000).
    function mint(address to, uint256 amount) external;
}
