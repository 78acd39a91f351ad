// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import { AccessControl } from "@openzeppelin/contracts/access/AccessControl.sol";
import { ERC20 } from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import { ERC20Permit } from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import { IERC20Metadata } from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import { IERC20Permit } from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";

import { Errors } from "./Errors.sol";
import { ITestStablecoin } from "./interfaces/ITestStablecoin.sol";

/// @title TestStablecoin
/// @notice See the documentation in {ITestStablecoin}.
contract TestStablecoin is ITestStablecoin, ERC20Permit, AccessControl {
    /// @inheritdoc ITestStablecoin
    bytes32 public constant override MINTER_ROLE = keccak256("MINTER_ROLE");

    /// @inheritdoc ITestStablecoin
    uint256 public constant override DEV_CHAIN_ID = 31_337;

    /// @param name_ The token's name, e.g. "USD Coin (Tandem test)".
    /// @param symbol_ The token's symbol, e.g. "USDC".
    /// @param admin The account given DEFAULT_ADMIN_ROLE and MINTER_ROLE.
    constructor(string memory name_, string memory symbol_, address admin) ERC20(name_, symbol_) ERC20Permit(name_) {
        if (admin == address(0)) revert Errors.TestStablecoin_AdminZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(MINTER_ROLE, admin);
    }

    /// @inheritdoc IERC20Metadata
    function decimals() public pure override(ERC20, IERC20Metadata) returns (uint8) {
        return 6;
    }

    /// @inheritdoc IERC20Permit
    function nonces(address owner) public view override(ERC20Permit, IERC20Permit) returns (uint256) {
        return super.nonces(owner);
    }

    /// @inheritdoc ITestStablecoin
    function mint(address to, uint256 amount) external override onlyRole(MINTER_ROLE) {
        // Checks: the chain is read on every call rather than fixed at deployment, so a copy of this contract on any
        // other network (or a fork given another chain id) can never mint.
        if (block.chainid != DEV_CHAIN_ID) revert Errors.TestStablecoin_MintOnlyOnDevChain(block.chainid);

        // Effects: ERC20._mint checks `to` and updates the balance and the supply.
        _mint(to, amount);
    }
}
