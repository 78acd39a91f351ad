// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import { ERC20 } from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import { ERC20Capped } from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Capped.sol";
import { ERC20Permit } from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import { IERC20Permit } from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";

import { Errors } from "./Errors.sol";
import { ITandemRewardToken } from "./interfaces/ITandemRewardToken.sol";

/// @title TandemRewardToken
/// @notice See the documentation in {ITandemRewardToken}.
/// @dev An immutable minter instead of AccessControl's MINTER_ROLE: a role can be granted, an immutable cannot, so
/// "minted only by the distributor" holds by construction rather than by the admin's good behaviour.
contract TandemRewardToken is ITandemRewardToken, ERC20Capped, ERC20Permit {
    /// @inheritdoc ITandemRewardToken
    address public immutable override MINTER;

    /// @param name_ The token's name, e.g. "Tandem Network Reward".
    /// @param symbol_ The token's symbol, e.g. "TNR".
    /// @param cap_ The most tokens that can ever exist, in the smallest unit; must be greater than zero.
    /// @param minter The only account that can mint: the reward distributor.
    constructor(
        string memory name_,
        string memory symbol_,
        uint256 cap_,
        address minter
    )
        ERC20(name_, symbol_)
        ERC20Capped(cap_)
        ERC20Permit(name_)
    {
        if (minter == address(0)) revert Errors.TandemRewardToken_MinterZeroAddress();
        MINTER = minter;
    }

    /// @inheritdoc ITandemRewardToken
    function cap() public view override(ERC20Capped, ITandemRewardToken) returns (uint256) {
        return super.cap();
    }

    /// @inheritdoc IERC20Permit
    function nonces(address owner) public view override(ERC20Permit, IERC20Permit) returns (uint256) {
        return super.nonces(owner);
    }

    /// @inheritdoc ITandemRewardToken
    function mint(address to, uint256 amount) external override {
        // Checks: only the distributor; ERC20Capped checks the cap and ERC20 the recipient in `_update`.
        if (msg.sender != MINTER) revert Errors.TandemRewardToken_CallerNotMinter(msg.sender);

        // Effects: the balance and the supply.
        _mint(to, amount);
    }

    /// @dev ERC20Capped refuses any mint that takes the supply past the cap.
    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Capped) {
        super._update(from, to, value);
    }
}
