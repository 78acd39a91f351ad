// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import { IERC20Metadata } from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import { IERC20Permit } from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";

/// @title ITandemRewardToken
/// @notice The ERC-20 token (18 decimals, EIP-2612 permits) in which the open AI network pays its contributors for
/// their measured contribution to the shared fraud model.
/// @dev The supply is capped at deployment and only one account can ever mint: `MINTER`, fixed at deployment. Tandem
/// deploys the token from the {IRewardDistributor}'s constructor, so the minter is the distributor contract itself
/// and new tokens exist only as claims against a published reward epoch. Nobody — not the deployer, not an admin —
/// holds a role that could mint otherwise, and there is no role to grant.
interface ITandemRewardToken is IERC20Metadata, IERC20Permit {
    /// @notice The only account allowed to mint: the reward distributor.
    function MINTER() external view returns (address);

    /// @notice The most tokens that can ever exist, in the smallest unit (1 token = 10^18).
    function cap() external view returns (uint256);

    /// @notice Creates `amount` tokens for `to`.
    /// @dev Emits a {Transfer} event from the zero address.
    ///
    /// Requirements:
    /// - The caller must be `MINTER`.
    /// - `to` must not be the zero address.
    /// - The total supply after minting must not exceed `cap()`.
    ///
    /// @param to The account that receives the new tokens.
    /// @param amount The amount in the smallest unit.
    function mint(address to, uint256 amount) external;
}
