// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title AggregatorV3Interface
/// @notice Chainlink's price feed interface, as published in @chainlink/contracts, so that any Chainlink consumer can
/// read Tandem's feeds and Tandem can read Chainlink's feeds on public networks.
interface AggregatorV3Interface {
    /// @notice The number of decimals of every answer (8 for fiat pairs).
    function decimals() external view returns (uint8);

    /// @notice What the feed prices, e.g. "ETH / USD".
    function description() external view returns (string memory);

    /// @notice The version of the feed's implementation.
    function version() external view returns (uint256);

    /// @notice The data of one round.
    /// @dev Reverts when the round has no data.
    /// @param _roundId The round to read.
    /// @return roundId The round id, equal to `_roundId`.
    /// @return answer The price, scaled by 10^decimals.
    /// @return startedAt When the round started (seconds since the Unix epoch).
    /// @return updatedAt When the answer was recorded (seconds since the Unix epoch).
    /// @return answeredInRound The round in which the answer was computed.
    function getRoundData(uint80 _roundId)
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);

    /// @notice The data of the latest round.
    /// @return roundId The latest round id.
    /// @return answer The price, scaled by 10^decimals.
    /// @return startedAt When the round started (seconds since the Unix epoch).
    /// @return updatedAt When the answer was recorded (seconds since the Unix epoch).
    /// @return answeredInRound The round in which the answer was computed.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
}
